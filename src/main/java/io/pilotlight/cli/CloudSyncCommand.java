package io.pilotlight.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pilotlight.cloud.aws.AwsConnection;
import io.pilotlight.cloud.aws.SnapshotRetention;
import io.pilotlight.cloud.aws.SnapshotSync;
import io.pilotlight.cloud.aws.SyncOptions;
import io.pilotlight.cloud.aws.SyncResult;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sync", description = "Make the EBS snapshot of a disk's restore point with the EBS direct APIs: on"
        + " the snapshot of the newest earlier synced point, writing only the 512 KiB blocks that changed, or full"
        + " when there is none. A repeated or resumed sync never makes a second snapshot of a point. Then deletes the"
        + " snapshots of forgotten points. Prints the snapshot id.")
final class CloudSyncCommand implements Callable<Integer> {
    @ParentCommand
    CloudCommand cloud;

    @Mixin
    AwsArguments aws;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "The disk to sync.")
        String disk;

        @Option(names = "--group", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "Sync every member disk's point of the group point.")
        String group;
    }

    @Option(names = "--point", paramLabel = "ID", description = "Point id (of the disk, or of the group) or unique"
            + " prefix, or 'latest' (default); repeatable.")
    List<String> points = new ArrayList<>();

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "16", description = "PutSnapshotBlock requests in"
            + " flight (default 16; EBS takes at most 1,000 per second per snapshot).")
    int parallel;

    @Option(names = "--encrypted", description = "Start a new chain encrypted (every block written: EBS reads random"
            + " bytes where an encrypted snapshot was never written). Its children inherit the key.")
    boolean encrypted;

    @Option(names = "--kms-key", paramLabel = "ARN", description = "KMS key of an encrypted chain (default: the"
            + " account's default EBS key).")
    String kmsKey;

    @Option(names = "--snapshot-timeout", paramLabel = "MINUTES", defaultValue = "60", description = "Minutes a pending"
            + " snapshot may stay idle before EBS cancels it (10 to 4320, default 60).")
    int snapshotTimeout;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PilotlightCommand top = cloud.top;
        SyncOptions options = new SyncOptions(parallel, snapshotTimeout, encrypted, Optional.ofNullable(kmsKey),
                Duration.ofMinutes(30), 32);
        List<SyncResult> results = new ArrayList<>();
        try (AwsConnection connection = aws.open(top.environment(), parallel);
                ObjectStore store = top.openExistingStore()) {
            Repository repository = top.openRepository(store);
            SnapshotSync sync = new SnapshotSync(repository, connection, aws.retrying(connection), options,
                    Clock.systemUTC(), top.progress());
            Set<String> disks = new LinkedHashSet<>();
            for (String point : points.isEmpty() ? List.of("latest") : points) {
                for (GroupPoint.Member member : members(repository, point)) {
                    SyncResult result = sync.sync(member.disk(), member.point());
                    disks.add(member.disk());
                    results.add(result);
                    top.note(summary(result));
                }
            }
            SnapshotRetention retention = new SnapshotRetention(repository, connection, aws.retrying(connection));
            for (String disk : disks) {
                for (String deleted : retention.prune(disk)) {
                    top.note("deleted snapshot " + deleted + " of " + disk + ": its point was forgotten");
                }
            }
        }
        if (json) {
            ArrayNode array = Json.array(results);
            Json.print(array, top.out());
        } else {
            results.forEach(result -> top.out().println(result.record().snapshotId()));
            top.out().flush();
        }
        return ExitCodes.OK;
    }

    /** The disk points {@code point} names: the disk's own, or every member of the group point. */
    private List<GroupPoint.Member> members(Repository repository, String point) throws java.io.IOException {
        if (which.group != null) {
            return repository.groupPoint(which.group, point).disks();
        }
        var manifest = repository.manifest(which.disk, point);
        return List.of(new GroupPoint.Member(which.disk, which.disk, manifest.id(), manifest.diskSize(),
                manifest.digest()));
    }

    static String summary(SyncResult result) {
        var record = result.record();
        if (result.alreadySynced()) {
            return record.disk() + "/" + record.point() + ": already in " + record.snapshotId();
        }
        return record.disk() + "/" + record.point() + ": " + record.snapshotId() + (record.parentSnapshotId() == null
                ? " (full)" : " on " + record.parentSnapshotId()) + ", " + result.blocksWritten() + " blocks of 512 KiB"
                + " written (" + record.zeroBlocksWritten() + " zero) in " + result.millis() + " ms";
    }
}
