package io.pilotlight.recovery.image;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.ImageDigest;
import io.pilotlight.sparse.SparseFile;
import io.pilotlight.sparse.SparseFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A raw disk image or block device read directly, to prove what a restore wrote. Grains wholly
 * inside a hole of a sparse file are zero grains without being read (their part of the digest is
 * known); where holes cannot be found, every grain is read.
 */
public final class RawImage {
    private static final int WINDOW_BYTES = 1 << 20;
    /** Each digest worker's window and zero grain, reused: a digest reads the whole image through them. */
    private static final ThreadLocal<byte[]> WINDOW = ThreadLocal.withInitial(() -> new byte[0]);
    private static final ThreadLocal<byte[]> ZEROS = ThreadLocal.withInitial(() -> new byte[0]);

    private RawImage() {}

    /** The image digest (docs/design.md §7) of {@code path} with grains of {@code grainSize}. */
    public static Hash digest(Path path, int grainSize, ProgressListener progress) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            boolean device = channel.size() == 0 && TargetFile.isDevice(path);
            long size = device ? BlockDevices.size(path, channel) : channel.size();
            try (SparseFile holes = device ? SparseFiles.zeroWriting(channel, "a block device")
                    : SparseFiles.open(path, channel, false)) {
                return digest(channel, size, grainSize, new DataRanges(holes), path, progress);
            }
        }
    }

    /**
     * Windows of {@link #WINDOW_BYTES} are read and hashed by one thread per core, a bounded number
     * ahead, and their grain hashes added to the digest in disk order.
     */
    private static Hash digest(FileChannel channel, long size, int grainSize, DataRanges data, Path path,
            ProgressListener progress) throws IOException {
        progress.phase("digest", size);
        ImageDigest digest = new ImageDigest(size, grainSize);
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "digest-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<byte[][]>> ahead = new ArrayDeque<>();
            long zeroRun = 0;
            long offset = 0;
            while (offset < size || !ahead.isEmpty()) {
                long holeGrains = ahead.isEmpty() && offset < size ? data.holeGrains(offset, size, grainSize) : 0;
                if (holeGrains > 0) { // a hole in one step: no window, no grain by grain
                    zeroRun += holeGrains;
                    progress.advance(Math.min(holeGrains * grainSize, size - offset));
                    offset += holeGrains * grainSize;
                    continue;
                }
                while (offset < size && ahead.size() < 2 * threads && !windowInHole(data, offset, size, grainSize)) {
                    offset = submit(ahead, workers, channel, offset, size, grainSize, data, path);
                }
                byte[][] hashes = await(ahead.poll(), path);
                zeroRun = add(digest, hashes, zeroRun);
                progress.advance(Math.min((long) hashes.length * grainSize, size));
            }
            digest.addZeroGrains(zeroRun);
        } finally {
            workers.shutdownNow();
        }
        return digest.finish();
    }

    /**
     * Whether the window at {@code offset} lies wholly in a hole: then no window is queued there (the
     * windows ahead are taken, and the hole is skipped in one step), else after the last data of a
     * 2 TiB image every 1 MiB window of the hole that follows would be queued, 2 Mi of them.
     */
    private static boolean windowInHole(DataRanges data, long offset, long size, int grainSize) throws IOException {
        long windowGrains = Math.max(1, WINDOW_BYTES / grainSize);
        long holeGrains = data.holeGrains(offset, size, grainSize);
        return holeGrains >= windowGrains || offset + holeGrains * grainSize >= size;
    }

    /** Queues the window at {@code offset} (grain-aligned); returns the offset after it. */
    private static long submit(Deque<Future<byte[][]>> ahead, ExecutorService workers, FileChannel channel,
            long offset, long size, int grainSize, DataRanges data, Path path) throws IOException {
        int grains = (int) Math.min(Math.max(1, WINDOW_BYTES / grainSize), (size - offset + grainSize - 1) / grainSize);
        boolean[] holes = new boolean[grains];
        for (int i = 0; i < grains; i++) {
            long at = offset + (long) i * grainSize;
            holes[i] = data.isHole(at, (int) Math.min(grainSize, size - at));
        }
        ahead.add(allTrue(holes) ? CompletableFuture.completedFuture(new byte[grains][])
                : workers.submit(() -> hashWindow(channel, offset, size, grainSize, holes, path)));
        return offset + (long) grains * grainSize;
    }

    /**
     * Adds a window's grain hashes to the digest; zero grains (null) are counted, not added, and
     * added many at once when data follows: returns the zero grains still to add.
     */
    private static long add(ImageDigest digest, byte[][] hashes, long zeroRun) {
        long zeros = zeroRun;
        for (byte[] hash : hashes) {
            if (hash == null) {
                zeros++;
            } else {
                digest.addZeroGrains(zeros);
                zeros = 0;
                digest.addGrain(hash, 0);
            }
        }
        return zeros;
    }

    private static boolean allTrue(boolean[] values) {
        for (boolean value : values) {
            if (!value) {
                return false;
            }
        }
        return true;
    }

    /** The hash of each grain of one window, null for a zero grain (read or in a hole). */
    private static byte[][] hashWindow(FileChannel channel, long from, long size, int grainSize, boolean[] holes,
            Path path) throws IOException {
        byte[][] hashes = new byte[holes.length][];
        long end = Math.min(size, from + (long) holes.length * grainSize);
        int windowLength = (int) (end - from);
        byte[] window = WINDOW.get();
        if (window.length < windowLength) {
            window = new byte[windowLength];
            WINDOW.set(window);
        }
        int first = 0;
        while (first < holes.length && holes[first]) {
            first++;
        }
        if (first == holes.length) {
            return hashes;
        }
        ByteBuffer buffer = ByteBuffer.wrap(window, first * grainSize, windowLength - first * grainSize);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, from + buffer.position()) < 0) {
                throw new IOException(path + ": ended at " + (from + buffer.position()) + " of " + size);
            }
        }
        MessageDigest sha = Hash.sha256();
        byte[] zeros = ZEROS.get();
        if (zeros.length < grainSize) {
            zeros = new byte[grainSize];
            ZEROS.set(zeros);
        }
        for (int i = first; i < holes.length; i++) {
            int start = i * grainSize;
            int length = Math.min(grainSize, windowLength - start);
            if (holes[i] || Arrays.equals(window, start, start + length, zeros, 0, length)) {
                continue;
            }
            Hash.update(sha, window, start, length);
            hashes[i] = sha.digest();
        }
        return hashes;
    }

    private static byte[][] await(Future<byte[][]> window, Path path) throws IOException {
        try {
            return window.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("digest of " + path + " interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("digest of " + path + " failed", e.getCause());
        }
    }

    /** A forward-only cursor over a file's data ranges, asking the file system as it goes. */
    public static final class DataRanges {
        private final SparseFile file;
        private long dataFrom = -1;
        private long dataTo = -1;

        public DataRanges(SparseFile file) {
            this.file = file;
        }

        /**
         * How many whole grains from {@code offset} (grain-aligned) lie in a hole, the disk's last
         * (maybe short) grain included when the hole runs to the end; offsets only grow.
         */
        public long holeGrains(long offset, long size, int grainSize) throws IOException {
            if (offset >= dataTo) {
                dataFrom = file.nextData(offset);
                dataTo = file.nextHole(dataFrom);
            }
            long end = Math.min(dataFrom, size);
            if (end <= offset) {
                return 0;
            }
            return end == size ? (size - offset + grainSize - 1) / grainSize : (end - offset) / grainSize;
        }

        /** Whether {@code [offset, offset + length)} lies wholly in a hole; offsets only grow. */
        public boolean isHole(long offset, int length) throws IOException {
            if (offset >= dataTo) {
                dataFrom = file.nextData(offset);
                dataTo = file.nextHole(dataFrom);
            }
            return offset + length <= dataFrom;
        }
    }
}
