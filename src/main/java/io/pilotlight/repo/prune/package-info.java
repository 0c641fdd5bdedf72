/**
 * Removing the data no restore point uses (docs/design.md §16): {@link io.pilotlight.repo.prune.Pruner}
 * plans unused and mostly-unused packs, and a later run deletes them once no writer can depend on
 * them; {@link io.pilotlight.repo.prune.Stats} reports what each disk's points hold, from the same
 * walk of the live blobs ({@link io.pilotlight.repo.prune.LiveSet}). Works through
 * {@link io.pilotlight.repo.Repository} and {@link io.pilotlight.repo.RepositoryPacks} only: it never
 * touches the object store directly, reads no arguments and prints nothing.
 *
 * <p>Which operations may run together: replicate, follow, serve, restore and verify run beside a
 * prune and never wait for it; two prunes exclude each other through {@code locks/_prune}.
 */
package io.pilotlight.repo.prune;
