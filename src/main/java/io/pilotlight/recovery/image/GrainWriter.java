package io.pilotlight.recovery.image;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.BlobBatch;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.Segment;
import io.pilotlight.sparse.Writeback;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes data grains of one point to a channel, taking them from their chunks batch by batch (one
 * ranged read each, a few in flight) on one worker thread per core. Each grain is checked against
 * the SHA-256 the point's map records before it is written, unless the caller proves the whole
 * image by its digest afterwards: then chunks are not hashed at all, and the one hash pass is the
 * caller's. Shared by {@link ImageWriter} (every data grain) and {@link DeltaWriter} (the grains
 * that differ).
 */
public final class GrainWriter implements AutoCloseable {
    private static final int WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Largest ranged read: a few of these in flight keep a restore inside a 256 MiB heap. */
    private static final int BATCH_BYTES = 8 << 20;

    /** Called before each grain is written; a test uses it to stop a write part way. */
    public interface Hook {
        Hook NONE = grain -> { };

        void beforeWrite(long grain) throws IOException;
    }

    private final Repository repository;
    private final Manifest point;
    private final FileChannel channel;
    private final Writeback writeback;
    private final boolean checkGrains;
    private final Hook hook;
    private final ProgressListener progress;
    private final ExecutorService workers;

    /**
     * {@code checkGrains} false leaves the proof of the written grains to the caller, which must
     * recompute the digest of the image before anyone trusts it; {@code writeback} hears of every
     * write, to start the kernel writing early.
     */
    public GrainWriter(Repository repository, Manifest point, FileChannel channel, Writeback writeback, boolean checkGrains,
            Hook hook, ProgressListener progress) {
        this.repository = repository;
        this.point = point;
        this.channel = channel;
        this.writeback = writeback;
        this.checkGrains = checkGrains;
        this.hook = hook;
        this.progress = progress;
        this.workers = Executors.newFixedThreadPool(WORKERS, runnable -> {
            Thread thread = new Thread(runnable, "grain-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Writes grains of segment {@code s} ({@code byChunk}: indexes within the segment, by the chunk
     * holding them); returns the bytes written. Returns after every write has finished.
     */
    public long write(int s, Segment segment, Map<Hash, List<Integer>> byChunk) throws IOException {
        long base = (long) s * point.segmentGrains();
        Deque<Future<Long>> pending = new ArrayDeque<>();
        long written = 0;
        try {
            for (BlobBatch batch : repository.batches(byChunk.keySet(), BATCH_BYTES)) {
                pending.add(workers.submit(() -> writeBatch(segment, base, batch, byChunk)));
                while (pending.size() > WORKERS) {
                    written += await(pending.poll());
                }
            }
            while (!pending.isEmpty()) {
                written += await(pending.poll());
            }
        } finally {
            pending.forEach(future -> future.cancel(false)); // no interrupt: it would close the channel
        }
        return written;
    }

    private long writeBatch(Segment segment, long base, BlobBatch batch, Map<Hash, List<Integer>> byChunk)
            throws IOException {
        Map<Hash, ByteBuffer> chunks;
        try {
            chunks = repository.readBatchForGrainChecks(batch);
        } catch (CorruptObjectException e) {
            long first = byChunk.get(batch.ids().get(0)).get(0);
            throw new CorruptObjectException(where(base + first) + ": " + e.getMessage());
        }
        long written = 0;
        for (Hash chunk : batch.ids()) {
            written += writeChunk(segment, base, batch, chunk, chunks.get(chunk), byChunk.get(chunk));
        }
        return written;
    }

    private long writeChunk(Segment segment, long base, BlobBatch batch, Hash chunk, ByteBuffer plain,
            List<Integer> grains) throws IOException {
        MessageDigest sha = Hash.sha256();
        byte[] expected = new byte[Hash.LENGTH];
        long written = 0;
        for (int g : grains) {
            long offset = (base + g) * point.grainSize();
            int length = (int) Math.min(point.grainSize(), point.diskSize() - offset);
            int from = segment.chunkOffset(g) * point.grainSize();
            if (from + length > plain.remaining()) {
                throw new CorruptObjectException(where(base + g) + ": chunk " + chunk.shortHex() + " has "
                        + plain.remaining() + " bytes, the map needs " + (from + length));
            }
            if (checkGrains) {
                Hash.update(sha, plain.array(), plain.arrayOffset() + from, length);
                segment.copyHash(g, expected, 0);
                if (!Arrays.equals(sha.digest(), expected)) {
                    throw new CorruptObjectException(where(base + g) + ": grain from chunk " + chunk.shortHex()
                            + " in pack " + batch.packKey() + " does not match its recorded hash (checksum mismatch)");
                }
            }
            hook.beforeWrite(base + g);
            ByteBuffer buffer = plain.duplicate().position(from).limit(from + length);
            long at = offset;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            written += length;
        }
        writeback.wrote(written);
        progress.advance(written);
        return written;
    }

    private String where(long grain) {
        return point.disk() + "/" + point.id() + " offset 0x" + Long.toHexString(grain * point.grainSize());
    }

    private static long await(Future<Long> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("write of grains interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("write of grains failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
