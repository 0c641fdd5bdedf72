package io.pilotlight.repo.prune;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.PrunePlan;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryPacks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the repository holds, per disk and in all, from the same walk of the live blobs as prune
 * ({@link LiveSet}) and one read of the index. Reads only.
 */
public final class Stats {
    /**
     * One disk.
     *
     * @param points committed points
     * @param logicalBytes the newest point's disk size
     * @param uniqueBytes stored bytes of blobs only this disk's points use
     * @param sharedBytes stored bytes of blobs this disk's points share with another disk's
     */
    public record DiskStats(String disk, int points, long logicalBytes, long uniqueBytes, long sharedBytes) {}

    /**
     * The repository.
     *
     * @param storedBytes bytes of every pack in {@code data/}
     * @param liveBytes stored bytes of the blobs some point uses (each counted once)
     * @param unusedBytes the rest: unused blobs, unindexed packs, and copies a prune will remove
     * @param plannedBytes bytes of the packs prune plans name (deleted by a later prune)
     */
    public record Report(List<DiskStats> disks, int packs, long storedBytes, long liveBytes, long unusedBytes,
            int plans, long plannedBytes) {}

    private Stats() {}

    /** Every disk's figures, or one disk's when {@code disk} is given (the totals are the repository's). */
    public static Report of(Repository repository, Optional<String> disk, ProgressListener progress) throws IOException {
        LiveSet live = LiveSet.walk(repository, progress);
        RepositoryPacks packs = repository.packs();
        Map<Hash, Long> stored = packs.storedPacks();
        List<PrunePlan> plans = packs.plans();
        Set<Hash> planned = new HashSet<>();
        plans.forEach(plan -> plan.packs().forEach(pack -> planned.add(pack.id())));
        PackUsage usage = PackUsage.of(stored, packs.indexFiles(), live.all(), planned);
        Map<Hash, Integer> sizes = new HashMap<>();
        usage.packs().values().forEach(pack -> pack.blobs().values()
                .forEach(entry -> sizes.putIfAbsent(entry.id(), entry.storedLength())));
        List<DiskStats> disks = new ArrayList<>();
        for (String name : live.points().keySet()) {
            if (disk.isEmpty() || disk.get().equals(name)) {
                disks.add(diskStats(name, live, sizes));
            }
        }
        long storedBytes = stored.values().stream().mapToLong(Long::longValue).sum();
        long liveBytes = live.all().stream().mapToLong(blob -> sizes.getOrDefault(blob, 0)).sum();
        long plannedBytes = planned.stream().mapToLong(pack -> stored.getOrDefault(pack, 0L)).sum();
        return new Report(List.copyOf(disks), stored.size(), storedBytes, liveBytes, storedBytes - liveBytes,
                plans.size(), plannedBytes);
    }

    private static DiskStats diskStats(String disk, LiveSet live, Map<Hash, Integer> sizes) {
        List<Manifest> points = live.points().get(disk);
        long unique = 0;
        long shared = 0;
        for (Hash blob : live.of(disk)) {
            long size = sizes.getOrDefault(blob, 0);
            if (usedElsewhere(blob, disk, live)) {
                shared += size;
            } else {
                unique += size;
            }
        }
        long logical = points.isEmpty() ? 0 : points.get(points.size() - 1).diskSize();
        return new DiskStats(disk, points.size(), logical, unique, shared);
    }

    private static boolean usedElsewhere(Hash blob, String disk, LiveSet live) {
        for (String other : live.points().keySet()) {
            if (!other.equals(disk) && live.of(other).contains(blob)) {
                return true;
            }
        }
        return false;
    }
}
