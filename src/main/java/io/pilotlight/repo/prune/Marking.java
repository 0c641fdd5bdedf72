package io.pilotlight.repo.prune;

import io.pilotlight.repo.Hash;
import io.pilotlight.repo.PrunePlan.PlannedPack;
import io.pilotlight.repo.PrunePlan.Reason;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * §16.3 step 4, decided: which stored packs a new plan names (unused, unindexed, or repacked) and
 * which are repacked first. Packs just deleted or waiting in an earlier plan are left alone.
 *
 * @param planned the packs of the new plan
 * @param plannedBytes their bytes
 * @param repacked the packs whose live blobs are copied before the plan is stored
 * @param unusedBytesLeft unused bytes in packs neither gone nor planned
 */
record Marking(List<PlannedPack> planned, long plannedBytes, List<PackUsage.Pack> repacked, long unusedBytesLeft) {

    /** What {@link #of} asks about packs it would repack: those still under Object Lock (§21), with when each unlocks. */
    interface Locks {
        Map<Hash, Instant> locked(Collection<Hash> packs) throws IOException;
    }

    static Marking of(PackUsage usage, Set<Hash> gone, Set<Hash> waiting, PruneOptions options, int packTarget) {
        try {
            return of(usage, gone, waiting, options, packTarget, packs -> Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Marks; a pack under Object Lock is never repacked (its copy could not be deleted until it unlocks,
     * so copying its live blobs would only add to the bill). Unused locked packs are still planned:
     * completing the plan skips them while they are locked.
     */
    static Marking of(PackUsage usage, Set<Hash> gone, Set<Hash> waiting, PruneOptions options, int packTarget,
            Locks locks) throws IOException {
        long small = packTarget / 4;
        List<PackUsage.Pack> candidates = usage.packs().values().stream()
                .filter(pack -> !gone.contains(pack.id()) && !waiting.contains(pack.id())).toList();
        long smallLive = candidates.stream().filter(pack -> pack.liveBytes() > 0 && pack.size() < small).count();
        List<PlannedPack> planned = new ArrayList<>();
        List<PackUsage.Pack> live = new ArrayList<>();
        long plannedBytes = 0;
        for (PackUsage.Pack pack : candidates) {
            Reason reason = !pack.indexed() ? Reason.unindexed : pack.liveBytes() == 0 ? Reason.unused : null;
            if (reason == null) {
                live.add(pack);
            } else {
                planned.add(Pruner.planned(pack.id(), reason));
                plannedBytes += pack.size();
            }
        }
        // maxUnused bounds the unused share of the whole repository (as restic's --max-unused), not of each
        // pack: the most wasteful packs are repacked first, and only until the rest is under the bound, so
        // scattered changes that leave every pack a little unused do not make each prune copy everything.
        long unusedLeft = live.stream().mapToLong(PackUsage.Pack::unusedBytes).sum();
        long allowed = (long) (options.maxUnused() * live.stream().mapToLong(PackUsage.Pack::liveBytes).sum());
        Set<Hash> locked = locks.locked(live.stream().filter(pack -> pack.unusedBytes() > 0 || pack.size() < small)
                .map(PackUsage.Pack::id).toList()).keySet();
        List<PackUsage.Pack> byWaste = live.stream().filter(pack -> !locked.contains(pack.id())).sorted(Comparator.comparingDouble(
                (PackUsage.Pack pack) -> (double) pack.unusedBytes() / Math.max(1, pack.blobBytes())).reversed()).toList();
        List<PackUsage.Pack> repacked = new ArrayList<>();
        long budget = options.maxRepackBytes();
        for (PackUsage.Pack pack : byWaste) {
            boolean wasteful = unusedLeft > allowed && pack.unusedBytes() > 0;
            boolean combine = smallLive > 1 && pack.size() < small;
            if ((wasteful || combine) && pack.liveBytes() <= budget) {
                budget -= pack.liveBytes();
                unusedLeft -= pack.unusedBytes();
                repacked.add(pack);
                planned.add(Pruner.planned(pack.id(), Reason.repacked));
                plannedBytes += pack.size();
            }
        }
        return new Marking(List.copyOf(planned), plannedBytes, List.copyOf(repacked), unusedLeft);
    }
}
