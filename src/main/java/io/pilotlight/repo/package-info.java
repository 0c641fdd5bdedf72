/**
 * The on-bucket format (docs/design.md): config, packs of compressed chunks, indexes, map segments,
 * restore-point manifests, group points (their members named by {@link io.pilotlight.repo.GroupMembers})
 * and leases. The only user of {@code io.pilotlight.store}; nobody else
 * writes objects. Knows nothing of sources, targets or the command line.
 */
package io.pilotlight.repo;
