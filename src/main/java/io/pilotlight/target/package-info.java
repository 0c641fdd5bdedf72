/**
 * Targets: restore of a point to a sparse file or a block device, following a point into a
 * local image (only changed grains, crash-safe state file, lock file), and verification of a
 * repository. Reads through {@code io.pilotlight.repo} only and checks a hash on every read.
 */
package io.pilotlight.target;
