/**
 * Targets: restore of a point to a sparse file or a block device, following a point into a
 * local image (only changed grains, crash-safe state file, lock file, holes punched), serving a
 * point over NBD (read-only, or writable through a copy-on-write overlay), export to image formats
 * through qemu-img, and verification of a repository. Reads through {@code io.pilotlight.repo}
 * only, checks a hash on every read, and never writes the repository.
 */
package io.pilotlight.target;
