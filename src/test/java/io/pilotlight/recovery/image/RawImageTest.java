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
}
