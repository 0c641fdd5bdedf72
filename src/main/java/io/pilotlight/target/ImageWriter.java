package io.pilotlight.target;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.BlobBatch;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.ImageDigest;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.Segment;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes one restore point's grains to a channel, segment by segment; chunks are fetched, checked
 * and written on worker threads. Each grain's SHA-256 is checked against the segment before it is
 * written, and the image digest is recomputed from the segments and compared with the manifest.
 */
final class ImageWriter {
    private static final int WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Largest ranged read: a few of these in flight keep a restore inside a 256 MiB heap. */
    private static final int BATCH_BYTES = 8 << 20;

    private final Repository repository;
    private final Manifest manifest;
    private final FileChannel channel;
    private final boolean writeZeros;
    private final ProgressListener progress;

    ImageWriter(Repository repository, Manifest manifest, FileChannel channel, boolean writeZeros,
            ProgressListener progress) {
        this.repository = repository;
        this.manifest = manifest;
        this.channel = channel;
        this.writeZeros = writeZeros;
        this.progress = progress;
    }

    /** Writes the image; returns the bytes of data (non-zero grains) written. */
    long write() throws IOException {
        progress.phase("restore", manifest.diskSize());
        ImageDigest digest = new ImageDigest(manifest.diskSize(), manifest.grainSize());
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread thread = new Thread(r, "restore-worker");
            thread.setDaemon(true);
            return thread;
        });
        long data = 0;
        try {
            for (int s = 0; s < manifest.segments().size(); s++) {
                Segment segment = repository.readSegment(manifest, s);
                data += writeSegment(s, segment, workers);
                digest.addSegment(segment);
            }
        } finally {
            workers.shutdownNow();
        }
        String actual = digest.finish().hex();
        if (!actual.equals(manifest.digest())) {
            throw new CorruptObjectException("restore point " + manifest.disk() + "/" + manifest.id()
                    + ": image digest of its segments is " + actual + ", the manifest records " + manifest.digest());
        }
        return data;
    }

    private long writeSegment(int s, Segment segment, ExecutorService workers) throws IOException {
        long base = (long) s * manifest.segmentGrains();
        Map<Hash, List<Integer>> byChunk = new LinkedHashMap<>();
        long zeroBytes = 0;
        for (int g = 0; g < segment.grains(); g++) {
            if (segment.isZero(g)) {
                zeroBytes += grainLength(base + g);
                if (writeZeros) {
                    channel.write(ByteBuffer.allocate(grainLength(base + g)), offset(base + g));
                }
            } else {
                byChunk.computeIfAbsent(segment.chunk(g), c -> new ArrayList<>()).add(g);
            }
        }
        progress.advance(zeroBytes);
        Deque<Future<Long>> pending = new ArrayDeque<>();
        long data = 0;
        for (BlobBatch batch : repository.batches(byChunk.keySet(), BATCH_BYTES)) {
            pending.add(workers.submit(() -> writeBatch(segment, base, batch, byChunk)));
            while (pending.size() > WORKERS) {
                data += await(pending.poll());
            }
        }
        while (!pending.isEmpty()) {
            data += await(pending.poll());
        }
        return data;
    }

    private long writeBatch(Segment segment, long base, BlobBatch batch, Map<Hash, List<Integer>> byChunk)
            throws IOException {
        Map<Hash, byte[]> chunks;
        try {
            chunks = repository.readBatch(batch);
        } catch (CorruptObjectException e) {
            long first = byChunk.get(batch.ids().get(0)).get(0);
            throw new CorruptObjectException(manifest.disk() + "/" + manifest.id() + " offset 0x"
                    + Long.toHexString(offset(base + first)) + ": " + e.getMessage());
        }
        long written = 0;
        for (Hash chunk : batch.ids()) {
            written += writeChunk(segment, base, chunk, chunks.get(chunk), byChunk.get(chunk));
        }
        return written;
    }

    private long writeChunk(Segment segment, long base, Hash chunk, byte[] plain, List<Integer> grains)
            throws IOException {
        MessageDigest sha = Hash.sha256();
        byte[] expected = new byte[Hash.LENGTH];
        long written = 0;
        for (int g : grains) {
            int length = grainLength(base + g);
            int from = segment.chunkOffset(g) * manifest.grainSize();
            String where = manifest.disk() + "/" + manifest.id() + " offset 0x" + Long.toHexString(offset(base + g));
            if (from + length > plain.length) {
                throw new CorruptObjectException(where + ": chunk " + chunk.shortHex() + " has " + plain.length
                        + " bytes, the map needs " + (from + length));
            }
            sha.update(plain, from, length);
            segment.copyHash(g, expected, 0);
            if (!Arrays.equals(sha.digest(), expected)) {
                throw new CorruptObjectException(where + ": grain from chunk " + chunk.shortHex()
                        + " does not match its recorded hash");
            }
            ByteBuffer buffer = ByteBuffer.wrap(plain, from, length);
            long offset = offset(base + g);
            while (buffer.hasRemaining()) {
                offset += channel.write(buffer, offset);
            }
            written += length;
        }
        progress.advance(written);
        return written;
    }

    private long offset(long grain) {
        return grain * manifest.grainSize();
    }

    private int grainLength(long grain) {
        return (int) Math.min(manifest.grainSize(), manifest.diskSize() - offset(grain));
    }

    private static long await(Future<Long> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("restore interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("restore failed: " + e.getCause(), e.getCause());
        }
    }
}
