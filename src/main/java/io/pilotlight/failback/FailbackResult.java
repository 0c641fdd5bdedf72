package io.pilotlight.failback;

import static java.util.Objects.requireNonNull;

import io.pilotlight.repo.PointInfo;
import java.util.List;
import java.util.Optional;

/**
 * What a failback protected.
 *
 * @param groupPoint the new group point, for a group
 * @param disks each disk: the point the failover started from, the new point, and what the VM wrote
 */
public record FailbackResult(String name, Optional<String> groupPoint, List<Disk> disks) {
    public FailbackResult {
        requireNonNull(name, "name is null");
        requireNonNull(groupPoint, "groupPoint is null");
        disks = List.copyOf(disks);
    }

    /**
     * One disk.
     *
     * @param writtenBytes bytes the recovered VM wrote to its overlay (cluster or block granularity)
     * @param point the new point: its {@code storedBytes} is what travelled to the repository
     */
    public record Disk(String name, String fromPoint, long writtenBytes, PointInfo point) {
        public Disk {
            requireNonNull(name, "name is null");
            requireNonNull(point, "point is null");
        }
    }

    public long writtenBytes() {
        return disks.stream().mapToLong(Disk::writtenBytes).sum();
    }

    /** Bytes stored into the repository for the new point(s): new chunks, compressed, packed. */
    public long storedBytes() {
        return disks.stream().mapToLong(disk -> disk.point().storedBytes()).sum();
    }
}
