package io.pilotlight.repo.prune;

import io.pilotlight.repo.Hash;
import io.pilotlight.repo.PrunePlan.PlannedPack;
import io.pilotlight.repo.PrunePlan.Reason;
import java.util.ArrayList;
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

    static Marking of(PackUsage usage, Set<Hash> gone, Set<Hash> waiting, PruneOptions options, int packTarget) {
        long small = packTarget / 4;
        List<PackUsage.Pack> candidates = usage.packs().values().stream()
                .filter(pack -> !gone.contains(pack.id()) && !waiting.contains(pack.id())).toList();
        long smallLive = candidates.stream().filter(pack -> pack.liveBytes() > 0 && pack.size() < small).count();
        List<PlannedPack> planned = new ArrayList<>();
        List<PackUsage.Pack> repacked = new ArrayList<>();
        long plannedBytes = 0;
        long unusedLeft = 0;
        long budget = options.maxRepackBytes();
        for (PackUsage.Pack pack : candidates) {
            Reason reason = null;
            if (!pack.indexed()) {
                reason = Reason.unindexed;
            } else if (pack.liveBytes() == 0) {
                reason = Reason.unused;
            } else if ((pack.unusedBytes() > options.maxUnused() * pack.blobBytes() || smallLive > 1 && pack.size() < small)
                    && pack.liveBytes() <= budget) {
                reason = Reason.repacked;
                budget -= pack.liveBytes();
                repacked.add(pack);
            }
            if (reason == null) {
                unusedLeft += pack.unusedBytes();
            } else {
                planned.add(Pruner.planned(pack.id(), reason));
                plannedBytes += pack.size();
            }
        }
        return new Marking(List.copyOf(planned), plannedBytes, List.copyOf(repacked), unusedLeft);
    }
}
