package io.pilotlight.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Random;

/** Sparse raw images that tests create and change a grain at a time, as a guest would. */
public final class SparseImages {
    public static final int GRAIN = 64 * 1024;

    private SparseImages() {}

    /** A sparse file of {@code size} bytes holding only zeros. */
    public static Path create(Path path, long size) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(size);
        }
        return path;
    }

    /**
     * Writes {@code grains} random aligned grains of random data; with {@code zeroOneIn} above 0,
     * about one grain in that many is written as zeros instead.
     */
    public static void scribble(Path image, Random random, int grains, int zeroOneIn) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            long count = file.length() / GRAIN;
            for (int i = 0; i < grains; i++) {
                byte[] bytes = new byte[GRAIN];
                if (zeroOneIn <= 0 || random.nextInt(zeroOneIn) > 0) {
                    random.nextBytes(bytes);
                }
                file.seek(random.nextLong(count) * GRAIN);
                file.write(bytes);
            }
        }
    }
}
