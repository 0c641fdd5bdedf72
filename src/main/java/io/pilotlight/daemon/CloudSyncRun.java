package io.pilotlight.daemon;

import io.pilotlight.cloud.aws.AwsConnection;
import io.pilotlight.cloud.aws.BlockPlan;
import io.pilotlight.cloud.aws.Retrying;
import io.pilotlight.cloud.aws.SnapshotRetention;
import io.pilotlight.cloud.aws.SnapshotSync;
import io.pilotlight.cloud.aws.SyncResult;
import io.pilotlight.cloud.aws.Ticker;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.CloudRecords;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.schedule.ByteCounts;
import io.pilotlight.schedule.JobOutcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One run of a cloud sync job ({@code cloud sync} in-process): the snapshot of every point of the
 * disk (or every member point of every group point) that has none yet, oldest first so each names
 * the last as parent, then the snapshots of forgotten points deleted. The outcome's bytes are the
 * 512 KiB blocks written (read from the repository and sent); its reason says how many points and
 * blocks. A failure names the point and the AWS error, after what was synced before it.
 */
final class CloudSyncRun {
    private CloudSyncRun() {}

    /** A disk point to sync. */
    private record Pending(String disk, String point) {}

    /** The outcome, its duration left at zero for the caller to fill. */
    static JobOutcome run(JobPlan.CloudSync plan, Repository repository, Clock clock) throws IOException {
        List<Pending> pending = plan.group() ? groupPending(repository, plan.target())
                : diskPending(repository, plan.target());
        Set<String> disks = disks(repository, plan);
        if (pending.isEmpty() && !forgottenRecorded(repository, disks)) {
            return new JobOutcome(true, Duration.ZERO, "no new point to sync", ByteCounts.NONE, Set.of());
        }
        long blocks = 0;
        int synced = 0;
        List<String> deleted = new ArrayList<>();
        try (AwsConnection aws = plan.aws().open()) {
            Retrying retrying = Retrying.defaults(Ticker.SYSTEM, aws.endpoint());
            SnapshotSync sync = new SnapshotSync(repository, aws, retrying, plan.options(), clock,
                    ProgressListener.NONE);
            for (Pending point : pending) {
                SyncResult result;
                try {
                    result = sync.sync(point.disk(), point.point());
                } catch (IOException e) {
                    throw new IOException("point " + point.disk() + "/" + point.point() + " (after " + synced
                            + " synced this run, " + blocks + " blocks written): " + e.getMessage(), e);
                }
                blocks += result.blocksWritten();
                synced += result.alreadySynced() ? 0 : 1;
            }
            SnapshotRetention retention = new SnapshotRetention(repository, aws, retrying);
            for (String disk : disks) {
                deleted.addAll(retention.prune(disk));
            }
        }
        long bytes = blocks * BlockPlan.BLOCK_SIZE;
        String reason = synced == 0 ? "no new point to sync" : "synced " + synced + (synced == 1 ? " point, "
                : " points, ") + blocks + " blocks of 512 KiB written";
        if (!deleted.isEmpty()) {
            reason += "; deleted " + deleted.size() + (deleted.size() == 1 ? " snapshot" : " snapshots")
                    + " of forgotten points: " + String.join(", ", deleted);
        }
        return new JobOutcome(true, Duration.ZERO, reason, new ByteCounts(bytes, bytes, 0, bytes), Set.of());
    }

    private static List<Pending> diskPending(Repository repository, String disk) throws IOException {
        CloudRecords records = repository.cloudRecords(SnapshotSync.PROVIDER);
        Set<String> done = new LinkedHashSet<>(records.points(disk));
        List<Pending> pending = new ArrayList<>();
        for (Manifest manifest : repository.manifests(disk)) {
            if (!done.contains(manifest.id())) {
                pending.add(new Pending(disk, manifest.id()));
            }
        }
        return sorted(pending);
    }

    private static List<Pending> groupPending(Repository repository, String group) throws IOException {
        CloudRecords records = repository.cloudRecords(SnapshotSync.PROVIDER);
        List<Pending> pending = new ArrayList<>();
        for (GroupPoint point : repository.groupPoints(group)) {
            for (GroupPoint.Member member : point.disks()) {
                if (records.get(member.disk(), member.point()).isEmpty()) {
                    pending.add(new Pending(member.disk(), member.point()));
                }
            }
        }
        return sorted(pending);
    }

    /** Whether a point with a recorded snapshot was forgotten (its snapshot is to go). */
    private static boolean forgottenRecorded(Repository repository, Set<String> disks) throws IOException {
        CloudRecords records = repository.cloudRecords(SnapshotSync.PROVIDER);
        for (String disk : disks) {
            Set<String> ids = new LinkedHashSet<>(records.points(disk));
            repository.manifests(disk).forEach(manifest -> ids.remove(manifest.id()));
            if (!ids.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Oldest first (point ids sort by time), each point once. */
    private static List<Pending> sorted(List<Pending> pending) {
        return pending.stream().distinct().sorted((a, b) -> a.point().compareTo(b.point())).toList();
    }

    /** The disks whose forgotten points' snapshots go: the disk, or the group's members (past and present). */
    private static Set<String> disks(Repository repository, JobPlan.CloudSync plan) throws IOException {
        Set<String> disks = new LinkedHashSet<>();
        if (!plan.group()) {
            disks.add(plan.target());
            return disks;
        }
        for (GroupPoint point : repository.groupPoints(plan.target())) {
            point.disks().forEach(member -> disks.add(member.disk()));
        }
        return disks;
    }
}
