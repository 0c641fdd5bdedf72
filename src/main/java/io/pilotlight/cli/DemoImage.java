package io.pilotlight.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The demo's disk image: a sparse file with random data in extents at grain-aligned offsets, and a
 * change of scattered grains. Deterministic for a seed. Writes are positional: nothing is truncated.
 */
final class DemoImage {
    static final int GRAIN = 64 * 1024;
    static final int EXTENTS = 20;

    private DemoImage() {}

    /** Checks the sizes fit: {@code data} in {@value #EXTENTS} grain-aligned extents, at most half the image. */
    static void checkSizes(long size, long data) {
        if (size % GRAIN != 0 || data % GRAIN != 0) {
            throw new IllegalArgumentException("demo sizes " + size + " and " + data + ": must be multiples of 64K");
        }
        if (data < (long) EXTENTS * GRAIN || data > size / 2) {
            throw new IllegalArgumentException("demo data " + ByteSize.format(data) + " in an image of "
                    + ByteSize.format(size) + ": must be between " + ByteSize.format((long) EXTENTS * GRAIN)
                    + " and half the image size");
        }
    }

    /** A sparse image of {@code size} bytes with {@code data} bytes of random data in {@value #EXTENTS} extents. */
    static void create(Path image, long size, long data, long seed) throws IOException {
        checkSizes(size, data);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size);
        }
        SplittableRandom random = new SplittableRandom(seed);
        long dataGrains = data / GRAIN;
        long slot = size / EXTENTS / GRAIN * GRAIN;
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.WRITE)) {
            for (int i = 0; i < EXTENTS; i++) {
                long extentLength = (dataGrains / EXTENTS + (i < dataGrains % EXTENTS ? 1 : 0)) * GRAIN;
                long slack = (slot - extentLength) / GRAIN;
                long offset = i * slot + (slack > 0 ? random.nextLong(slack + 1) : 0) * GRAIN;
                writeRandom(channel, offset, extentLength, random);
            }
        }
    }

    /** Overwrites {@code bytes} (rounded to grains) at scattered distinct grains; returns the bytes changed. */
    static long change(Path image, long size, long bytes, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long grains = size / GRAIN;
        long wanted = Math.max(1, Math.min(grains, bytes / GRAIN));
        TreeSet<Long> chosen = new TreeSet<>();
        while (chosen.size() < wanted) {
            chosen.add(random.nextLong(grains));
        }
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.WRITE)) {
            for (long grain : chosen) {
                writeRandom(channel, grain * GRAIN, GRAIN, random);
            }
        }
        return wanted * GRAIN;
    }

    private static void writeRandom(FileChannel channel, long offset, long length, SplittableRandom random)
            throws IOException {
        byte[] bytes = new byte[(int) Math.min(length, 1 << 20)];
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(bytes.length, length - done);
            random.nextBytes(bytes);
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, n);
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + done + (n - buffer.remaining()));
            }
            done += n;
        }
    }
}
