package io.pilotlight.cloud.aws;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.cloud.CloudException.Kind;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.CloudRecords;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ebs.model.StartSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.Tag;

/**
 * Keeps a disk's EBS snapshot chain current: makes the snapshot of a restore point, on the snapshot
 * of the newest earlier point that has one (its parent: only changed blocks are written), or full
 * when there is none. The ClientToken is derived from (repository, disk, point, attempt), so a
 * repeated or resumed sync finds the snapshot it started instead of making a second; an attempt whose
 * snapshot ended in {@code error} is deleted and the next attempt's token used. Once completed, the
 * snapshot is recorded in the repository ({@link SnapshotRecord}) and tagged with disk and point.
 */
public final class SnapshotSync {
    public static final String PROVIDER = "aws";
    public static final String TAG_REPOSITORY = "pilotlight:repository";
    public static final String TAG_DISK = "pilotlight:disk";
    public static final String TAG_POINT = "pilotlight:point";
    static final int ATTEMPTS = 3;

    private final Repository repository;
    private final AwsConnection aws;
    private final Retrying retrying;
    private final SyncOptions options;
    private final Clock clock;
    private final ProgressListener progress;
    private final CloudRecords records;

    public SnapshotSync(Repository repository, AwsConnection aws, Retrying retrying, SyncOptions options, Clock clock,
            ProgressListener progress) {
        this.repository = repository;
        this.aws = aws;
        this.retrying = retrying;
        this.options = options;
        this.clock = clock;
        this.progress = progress;
        this.records = repository.cloudRecords(PROVIDER);
    }

    /** The snapshot of point {@code pointRef} ({@code latest}, id or prefix) of {@code disk}, made if missing. */
    public SyncResult sync(String disk, String pointRef) throws IOException {
        long started = retrying.ticker().nanoTime();
        Manifest point = repository.manifest(Repository.checkDisk(disk), pointRef);
        Optional<SnapshotRecord> existing = record(disk, point.id());
        if (existing.isPresent()) {
            return new SyncResult(existing.get(), true, 0, 0, millisSince(started));
        }
        Optional<SnapshotRecord> parent = parent(point);
        BlockPlan plan = parent.isPresent()
                ? BlockPlan.incremental(repository, repository.manifest(disk, parent.get().point()),
                        parent.get().volumeSizeGib(), point, options.encrypted())
                : BlockPlan.full(repository, point, options.encrypted());
        SnapshotUpload upload = new SnapshotUpload(aws, retrying, options, progress);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            StartSnapshotRequest start = startRequest(point, plan, parent, attempt);
            SnapshotUpload.Outcome outcome = upload.run(start, plan, new PointBlocks(repository, point));
            if (outcome.status().equals("completed")) {
                SnapshotRecord record = new SnapshotRecord(SnapshotRecord.FORMAT, disk, point.id(), point.digest(),
                        aws.region(), outcome.snapshotId(), parent.map(SnapshotRecord::snapshotId).orElse(null),
                        parent.map(SnapshotRecord::point).orElse(null), plan.volumeSizeGib(), BlockPlan.BLOCK_SIZE,
                        outcome.blocksWritten(), outcome.zeroBlocks(), options.encrypted() || parent.map(
                        SnapshotRecord::encrypted).orElse(false), options.kmsKeyArn().orElse(null),
                        start.clientToken(), clock.instant().toString());
                records.put(disk, point.id(), record.toJson());
                return new SyncResult(record, false, outcome.blocksWritten(), outcome.putRequests(),
                        millisSince(started));
            }
            progress.warn("snapshot " + outcome.snapshotId() + " of " + disk + "/" + point.id() + " ended in "
                    + outcome.status() + "; deleting it and starting afresh");
            deleteQuietly(outcome.snapshotId());
        }
        throw new CloudException(Kind.SNAPSHOT_FAILED, "the snapshot of " + disk + "/" + point.id() + " ended in error "
                + ATTEMPTS + " times (its block count or checksum did not match what was written)");
    }

    /** The newest earlier point with a recorded snapshot that still exists and can be this one's parent. */
    private Optional<SnapshotRecord> parent(Manifest point) throws IOException {
        List<String> recorded = new ArrayList<>(records.points(point.disk()));
        long gib = BlockPlan.volumeSizeGib(point.diskSize());
        for (int i = recorded.size() - 1; i >= 0; i--) {
            String id = recorded.get(i);
            if (id.compareTo(point.id()) >= 0) {
                continue;
            }
            Optional<SnapshotRecord> candidate = record(point.disk(), id);
            if (candidate.isEmpty() || candidate.get().volumeSizeGib() > gib
                    || candidate.get().encrypted() != options.encrypted() || !pointExists(point.disk(), id)
                    || !snapshotExists(candidate.get().snapshotId())) {
                continue;
            }
            return candidate;
        }
        return Optional.empty();
    }

    private boolean pointExists(String disk, String id) throws IOException {
        try {
            return repository.manifest(disk, id).id().equals(id);
        } catch (RepositoryException e) {
            return false;
        }
    }

    private boolean snapshotExists(String id) throws IOException {
        try {
            return retrying.run("EC2 DescribeSnapshots of " + id, () -> aws.ec2().describeSnapshots(r -> r
                    .snapshotIds(id)).snapshots().stream().anyMatch(s -> s.stateAsString().equals("completed")));
        } catch (CloudException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    Optional<SnapshotRecord> record(String disk, String point) throws IOException {
        Optional<byte[]> json = records.get(disk, point);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SnapshotRecord.fromJson("cloud record of " + disk + "/" + point, json.get()));
    }

    private StartSnapshotRequest startRequest(Manifest point, BlockPlan plan, Optional<SnapshotRecord> parent,
            int attempt) {
        StartSnapshotRequest.Builder request = StartSnapshotRequest.builder().volumeSize(plan.volumeSizeGib())
                .timeout(options.timeoutMinutes()).clientToken(clientToken(point, attempt))
                .description("pilotlight " + point.disk() + " point " + point.id())
                .tags(tag(TAG_REPOSITORY, repository.config().id()), tag(TAG_DISK, point.disk()),
                        tag(TAG_POINT, point.id()));
        if (parent.isPresent()) {
            request.parentSnapshotId(parent.get().snapshotId());
        } else if (options.encrypted()) {
            request.encrypted(true);
            options.kmsKeyArn().ifPresent(request::kmsKeyArn);
        }
        return request.build();
    }

    /** The SHA-256 of (repository id, disk, point, attempt), in hex: the same for every run that syncs this point. */
    String clientToken(Manifest point, int attempt) {
        String seed = "pilotlight-ebs/" + repository.config().id() + "/" + point.disk() + "/" + point.id() + "/"
                + attempt;
        return Hash.of(seed.getBytes(StandardCharsets.UTF_8)).hex();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private void deleteQuietly(String snapshotId) {
        try {
            aws.ec2().deleteSnapshot(r -> r.snapshotId(snapshotId));
        } catch (SdkException e) {
            progress.warn("could not delete snapshot " + snapshotId + ": " + e.getMessage());
        }
    }

    private long millisSince(long startedNanos) {
        return (retrying.ticker().nanoTime() - startedNanos) / 1_000_000;
    }
}
