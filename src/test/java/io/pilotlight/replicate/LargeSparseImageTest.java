package io.pilotlight.replicate;

import static io.pilotlight.testing.TestImages.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 64 GiB sparse image holding 1 GiB of data (64 extents of 16 MiB, one in each GiB) replicates
 * and restores in child JVMs limited to 256 MiB of heap, and the restore is identical: every data
 * extent matches byte for byte, and the restored file allocates no more than the data, so the rest
 * is holes (zeros). The replicate reads and zero-checks all 64 GiB (a file: source is a full pass).
 */
@Slow
class LargeSparseImageTest {
    private static final long GIB = 1L << 30;
    private static final long IMAGE_SIZE = 64 * GIB;
    private static final int EXTENTS = 64;
    private static final int EXTENT_SIZE = 16 * MIB;
    private static final String DISK = "big";

    @TempDir
    Path dir;

    @Test
    void sixtyFourGibImageWithOneGibOfDataRoundTripsIn256MibOfHeap() throws Exception {
        Path image = dir.resolve("big.img");
        long[] offsets = createImage(image, new Random(64));
        Path repo = dir.resolve("repo");
        Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);

        long started = System.nanoTime();
        Path log = dir.resolve("child.log");
        String[] point = ChildJvm.finish(ChildJvm.start("256m", ReplicateChild.class, log, repo.toString(), DISK,
                image.toString()), log, 600).split(" ");
        long replicated = System.nanoTime();
        Path restored = dir.resolve("restored.img");
        String[] result = ChildJvm.finish(ChildJvm.start("256m", RestoreChild.class, log, repo.toString(), DISK,
                point[0], restored.toString()), log, 600).split(" ");
        long restoredAt = System.nanoTime();
        System.out.printf("LargeSparseImageTest: replicate %.1f s (%s new bytes), restore %.1f s (%s data bytes)%n",
                (replicated - started) / 1e9, point[1], (restoredAt - replicated) / 1e9, result[0]);

        long dataGrainBytes = dataGrainBytes(offsets);
        assertThat(Long.parseLong(point[1])).as("new bytes (whole grains)").isEqualTo(dataGrainBytes);
        assertThat(Long.parseLong(result[0])).as("data bytes restored (whole grains)").isEqualTo(dataGrainBytes);
        assertThat(restored.toFile().length()).isEqualTo(IMAGE_SIZE);
        assertThat(allocatedBytes(restored)).as("bytes allocated by the restored file")
                .isLessThanOrEqualTo((long) EXTENTS * EXTENT_SIZE + 64L * MIB);
        assertExtentsMatch(image, restored, offsets);
    }

    /** 64 extents of random data, one at a random 4 KiB-aligned place in each GiB; returns their offsets. */
    private static long[] createImage(Path image, Random random) throws IOException {
        long[] offsets = new long[EXTENTS];
        byte[] data = new byte[EXTENT_SIZE];
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(IMAGE_SIZE);
            for (int i = 0; i < EXTENTS; i++) {
                offsets[i] = i * GIB + random.nextInt((int) ((GIB - EXTENT_SIZE) / 4096)) * 4096L;
                random.nextBytes(data);
                file.seek(offsets[i]);
                file.write(data);
            }
        }
        return offsets;
    }

    /** Bytes of the grains the extents touch: they are 4 KiB-aligned, so each spans 257 grains. */
    private static long dataGrainBytes(long[] offsets) {
        long grain = Repository.DEFAULT_GRAIN_SIZE;
        long bytes = 0;
        for (long offset : offsets) {
            bytes += ((offset + EXTENT_SIZE + grain - 1) / grain - offset / grain) * grain;
        }
        return bytes;
    }

    private static void assertExtentsMatch(Path image, Path restored, long[] offsets) throws IOException {
        byte[] expected = new byte[EXTENT_SIZE];
        byte[] actual = new byte[EXTENT_SIZE];
        try (RandomAccessFile original = new RandomAccessFile(image.toFile(), "r");
                RandomAccessFile copy = new RandomAccessFile(restored.toFile(), "r")) {
            for (long offset : offsets) {
                original.seek(offset);
                original.readFully(expected);
                copy.seek(offset);
                copy.readFully(actual);
                assertThat(Arrays.equals(expected, actual)).as("extent at offset 0x%x restored", offset).isTrue();
            }
        }
    }

    /** st_blocks × 512 of the file, from stat(1): the JDK does not expose it. */
    private static long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "--format=%b %B", file.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
        assertThat(stat.waitFor()).isZero();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}
