package io.pilotlight.repo.prune;

import java.time.Instant;
import java.util.Optional;

/**
 * What one prune did (or, in a dry run, would have done).
 *
 * @param formatUpgraded whether {@code config} was rewritten at the current format, 4 (§16.5)
 * @param plansCompleted earlier plans that were ripe and are now done
 * @param packsDeleted packs deleted
 * @param bytesFreed their bytes
 * @param packsKept packs of ripe plans that are used again, dropped from their plan and kept
 * @param indexFilesRewritten index files replaced by one without the deleted packs
 * @param packsRepacked packs whose live blobs were copied into new packs this run
 * @param repackedBytes live bytes copied
 * @param newPlan the id of the plan stored this run, if any
 * @param plannedPacks packs it names
 * @param plannedBytes their bytes
 * @param plansWaiting plans not yet ripe (grace or a live writer lease)
 * @param unusedBytesLeft unused bytes in packs neither deleted nor planned (under the repack threshold)
 * @param requests requests this prune made: {@link Pruner} counts its writes and deletes; the CLI replaces
 *     that with every request through its metered store, reads and listings included ({@link #withRequests})
 * @param packsLocked packs of ripe plans not deleted because they are still under Object Lock (§21); a
 *     later prune marks them again and deletes them once unlocked
 * @param earliestUnlock when the first of those unlocks
 */
public record PruneResult(boolean dryRun, boolean formatUpgraded, int plansCompleted, int packsDeleted,
        long bytesFreed, int packsKept, int indexFilesRewritten, int packsRepacked, long repackedBytes,
        Optional<String> newPlan, int plannedPacks, long plannedBytes, int plansWaiting, long unusedBytesLeft,
        long requests, int packsLocked, Optional<Instant> earliestUnlock) {
    public PruneResult {
        if (requests < 0) {
            throw new IllegalArgumentException("prune requests " + requests + " must not be negative");
        }
    }

    /** The same result with {@code requests} counted elsewhere (e.g. by a store meter). */
    public PruneResult withRequests(long counted) {
        return new PruneResult(dryRun, formatUpgraded, plansCompleted, packsDeleted, bytesFreed, packsKept,
                indexFilesRewritten, packsRepacked, repackedBytes, newPlan, plannedPacks, plannedBytes, plansWaiting,
                unusedBytesLeft, counted, packsLocked, earliestUnlock);
    }
}
