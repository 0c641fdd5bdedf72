/**
 * Repairing a damaged repository (docs/design.md §18), restic's {@code repair index|packs|snapshots}
 * as the model: {@link io.pilotlight.repo.repair.IndexRebuild} rebuilds the index from the pack
 * headers, {@link io.pilotlight.repo.repair.PackSalvage} takes damaged or missing blobs out of use
 * (so the next replicate stores them again from the source) and
 * {@link io.pilotlight.repo.repair.PointRemoval} removes the points and group points that cannot be
 * restored. Every repair stores its new objects before it deletes the old ones, and has a dry run.
 * Works through {@link io.pilotlight.repo.Repository} and {@link io.pilotlight.repo.RepositoryPacks}
 * only; reads no arguments and prints nothing.
 *
 * <p>Which operations may run together: the index and pack repairs take {@code locks/_prune} (no
 * prune, no other repair) and refuse while a writer lease is live, as they change what the index
 * says; {@code repair points} deletes manifests only and, like forget, takes no lease.
 */
package io.pilotlight.repo.repair;
