/**
 * Forget: which points a disk or a group keeps under a {@link io.pilotlight.retention.RetentionPolicy}
 * (decided by {@link io.pilotlight.retention.Retention}), and deleting the manifests of the others
 * through {@link io.pilotlight.repo.Repository#forget} and {@link io.pilotlight.repo.Repository#forgetGroup}
 * (docs/design.md §16.1). {@link io.pilotlight.repo.forget.Forgetter} is the job a command or a daemon
 * runs; it returns a {@link io.pilotlight.repo.forget.ForgetResult} and prints nothing.
 *
 * <p>Deletes only manifests and group points, never data: their packs are left for prune. Takes no
 * lease: it never removes the newest point of a disk, the only point a replicate reads, and a prune
 * running meanwhile only keeps more. Uses {@code repo} and {@code retention}, nothing else.
 */
package io.pilotlight.repo.forget;
