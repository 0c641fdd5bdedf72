package io.pilotlight.recovery.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.testing.SampleRepository;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawImageTest {
    @TempDir
    Path dir;

    @Test
    void aRawImageHasItsPointsDigestAndAnyChangedByteBreaksIt() throws Exception {
        SampleRepository sample = new SampleRepository(dir);

        assertThat(RawImage.digest(sample.image, 65536, ProgressListener.NONE).hex())
                .isEqualTo(sample.second.digest());
        Path restored = dir.resolve("first.img");
        new Restorer(sample.repository, ProgressListener.NONE).restore("d1", sample.first.id(), restored, false);
        assertThat(RawImage.digest(restored, 65536, ProgressListener.NONE).hex()).isEqualTo(sample.first.digest());

        SampleRepository.flipByte(restored, 40L << 20);
        assertThat(RawImage.digest(restored, 65536, ProgressListener.NONE).hex()).isNotEqualTo(sample.first.digest());
    }

    @Test
    void theDigestIsTheSha256OfTheGrainsSha256sAsDocumented() throws Exception {
        Path image = dir.resolve("odd.img");
        byte[] data = new byte[3 * 65536 + 100];
        new java.util.Random(3).nextBytes(data);
        java.util.Arrays.fill(data, 65536, 2 * 65536, (byte) 0);
        Files.write(image, data);

        MessageDigest outer = MessageDigest.getInstance("SHA-256");
        for (int offset = 0; offset < data.length; offset += 65536) {
            int length = Math.min(65536, data.length - offset);
            MessageDigest grain = MessageDigest.getInstance("SHA-256");
            grain.update(data, offset, length);
            outer.update(grain.digest());
        }
        assertThat(RawImage.digest(image, 65536, ProgressListener.NONE).hex())
                .isEqualTo(HexFormat.of().formatHex(outer.digest()));
    }

    @Test
    void anEmptyImageHasTheDigestOfNothing() throws Exception {
        Path image = dir.resolve("empty.img");
        new RandomAccessFile(image.toFile(), "rw").close();

        assertThat(RawImage.digest(image, 65536, ProgressListener.NONE).hex())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest()));
    }

    /**
     * A 2 TiB sparse file (only metadata on disk) with data in a few places, the last byte among them:
     * the digest, which skips its holes, equals one made grain by grain from what the file holds.
     */
    @Test
    void aTwoTebibyteSparseImageHasTheDigestMadeGrainByGrain() throws Exception {
        Path image = dir.resolve("big.img");
        long size = (2L << 40) - 4096 + 7; // a short last grain
        int grain = 65536;
        long[] at = writtenAt(size, grain);
        byte[] data = new byte[2 * grain];
        new java.util.Random(11).nextBytes(data);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size);
            for (long offset : at) {
                file.seek(offset);
                file.write(data, 0, (int) Math.min(data.length, size - offset));
            }
        }

        assertThat(RawImage.digest(image, grain, ProgressListener.NONE).hex()).isEqualTo(grainByGrain(image, grain));
    }

    /**
     * docs/design.md §7 done plainly: every grain that holds a written byte is read and hashed, every
     * other grain hashed as zeros (computed once per length), one 32-byte update per grain.
     */
    private static String grainByGrain(Path image, int grain) throws Exception {
        MessageDigest outer = MessageDigest.getInstance("SHA-256", "SUN");
        java.util.Map<Integer, byte[]> zeroHashes = new java.util.HashMap<>();
        byte[] buffer = new byte[grain];
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
            long size = file.length();
            java.util.NavigableSet<Long> written = writtenGrains(image, grain);
            for (long g = 0; g * grain < size; g++) {
                int length = (int) Math.min(grain, size - g * grain);
                MessageDigest inner = MessageDigest.getInstance("SHA-256", "SUN");
                if (written.contains(g)) {
                    file.seek(g * grain);
                    file.readFully(buffer, 0, length);
                    inner.update(buffer, 0, length);
                    outer.update(inner.digest());
                } else {
                    outer.update(zeroHashes.computeIfAbsent(length, n -> inner.digest(new byte[n])));
                }
            }
        }
        return HexFormat.of().formatHex(outer.digest());
    }

    /** The grains that the test wrote to, from its own offsets (not from the file system). */
    private static java.util.NavigableSet<Long> writtenGrains(Path image, int grain) throws Exception {
        java.util.NavigableSet<Long> grains = new java.util.TreeSet<>();
        long size = Files.size(image);
        long[] at = writtenAt(size, grain);
        for (long offset : at) {
            long end = Math.min(size, offset + 2L * grain);
            for (long g = offset / grain; g * grain < end; g++) {
                grains.add(g);
            }
        }
        return grains;
    }

    /** Where the test writes two grains' worth of data: grain-aligned or not, and at the very end. */
    private static long[] writtenAt(long size, int grain) {
        return new long[] {0, 3L * grain + 100, 1L << 30, (1L << 30) + (1L << 20), 777L << 30, size - 3};
    }
}
