package io.pilotlight.cloud.aws;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.cloud.CloudException.Kind;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Hash;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.model.ChecksumAggregationMethod;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.StartSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.StartSnapshotResponse;

/**
 * One snapshot written with the EBS direct APIs: StartSnapshot (its ClientToken makes a repeat give
 * the same snapshot), the planned blocks put {@code parallel} at a time, each with its SHA-256,
 * CompleteSnapshot with ChangedBlocksCount and the LINEAR aggregate of the block digests, then a wait
 * until EC2 reports it {@code completed} or {@code error}. A snapshot already completed (an earlier
 * run finished it) is returned as it is; one in error is returned for the caller to start afresh.
 */
final class SnapshotUpload {
    private static final byte[] ZERO_DIGEST = sha256(new byte[BlockPlan.BLOCK_SIZE]);

    /** What became of the snapshot. */
    record Outcome(String snapshotId, String status, long blocksWritten, long zeroBlocks, long putRequests) {}

    private final AwsConnection aws;
    private final Retrying retrying;
    private final SyncOptions options;
    private final ProgressListener progress;

    SnapshotUpload(AwsConnection aws, Retrying retrying, SyncOptions options, ProgressListener progress) {
        this.aws = aws;
        this.retrying = retrying;
        this.options = options;
        this.progress = progress;
    }

    Outcome run(StartSnapshotRequest start, BlockPlan plan, PointBlocks source) throws IOException {
        StartSnapshotResponse started = retrying.run("EBS StartSnapshot (token " + start.clientToken() + ")",
                () -> aws.ebs().startSnapshot(start));
        long startedNanos = retrying.ticker().nanoTime();
        String id = started.snapshotId();
        String status = started.statusAsString();
        if (!"pending".equals(status)) {
            return new Outcome(id, status, 0, 0, 0);
        }
        Map<Long, byte[]> digests = new ConcurrentSkipListMap<>();
        long puts = putAll(id, plan, source, digests, startedNanos);
        MessageDigest linear = Hash.sha256();
        long zeros = 0;
        for (byte[] digest : digests.values()) {
            linear.update(digest);
            zeros += Arrays.equals(digest, ZERO_DIGEST) ? 1 : 0;
        }
        String aggregate = Base64.getEncoder().encodeToString(linear.digest());
        retrying.run("EBS CompleteSnapshot of " + id, () -> aws.ebs().completeSnapshot(r -> r.snapshotId(id)
                .changedBlocksCount(digests.size()).checksum(aggregate).checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .checksumAggregationMethod(ChecksumAggregationMethod.LINEAR)), startedNanos);
        return new Outcome(id, awaitCompletion(id, startedNanos), digests.size(), zeros, puts);
    }

    private long putAll(String id, BlockPlan plan, PointBlocks source, Map<Long, byte[]> digests, long startedNanos)
            throws IOException {
        long[] blocks = plan.blocks();
        progress.phase("sync", (long) blocks.length * BlockPlan.BLOCK_SIZE);
        ExecutorService workers = Executors.newFixedThreadPool(options.parallel(), runnable -> {
            Thread thread = new Thread(runnable, "ebs-put");
            thread.setDaemon(true);
            return thread;
        });
        Deque<Future<?>> pending = new ArrayDeque<>();
        try {
            for (int from = 0; from < blocks.length; from += options.blocksPerRead()) {
                long[] window = Arrays.copyOfRange(blocks, from, Math.min(blocks.length, from + options.blocksPerRead()));
                for (Map.Entry<Long, byte[]> block : source.read(window).entrySet()) {
                    pending.add(workers.submit(() -> put(id, block.getKey(), block.getValue(), digests,
                            startedNanos)));
                    while (pending.size() > 2 * options.parallel()) {
                        await(pending.poll());
                    }
                }
            }
            while (!pending.isEmpty()) {
                await(pending.poll());
            }
        } finally {
            pending.forEach(future -> future.cancel(true));
            workers.shutdownNow();
        }
        return blocks.length;
    }

    private Void put(String id, long index, byte[] data, Map<Long, byte[]> digests, long startedNanos)
            throws IOException {
        byte[] digest = sha256(data);
        String checksum = Base64.getEncoder().encodeToString(digest);
        retrying.run("EBS PutSnapshotBlock of block " + index + " of " + id, () -> aws.ebs().putSnapshotBlock(r -> r
                .snapshotId(id).blockIndex((int) index).dataLength(data.length).checksum(checksum)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data)), startedNanos);
        digests.put(index, digest);
        progress.advance(data.length);
        return null;
    }

    /** Polls DescribeSnapshots until the snapshot is completed or in error, within the completion limit. */
    private String awaitCompletion(String id, long startedNanos) throws IOException {
        long deadline = retrying.ticker().nanoTime() + options.completionLimit().toNanos();
        Duration pause = Duration.ofMillis(200);
        while (true) {
            String status = retrying.run("EC2 DescribeSnapshots of " + id, () -> aws.ec2().describeSnapshots(r -> r
                    .snapshotIds(id)).snapshots().get(0).stateAsString(), startedNanos);
            if (!"pending".equals(status)) {
                return status;
            }
            if (retrying.ticker().nanoTime() > deadline) {
                throw new CloudException(Kind.SNAPSHOT_FAILED, "snapshot " + id + " is still pending "
                        + options.completionLimit().toMinutes() + " minutes after CompleteSnapshot");
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                    : pause.multipliedBy(2);
        }
    }

    private void sleep(Duration pause) throws InterruptedIOException {
        try {
            retrying.ticker().sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a snapshot to complete");
        }
    }

    private static void await(Future<?> future) throws IOException {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while putting snapshot blocks");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("putting a snapshot block failed: " + e.getCause(), e.getCause());
        }
    }

    static byte[] sha256(byte[] data) {
        return Hash.sha256().digest(data);
    }
}
