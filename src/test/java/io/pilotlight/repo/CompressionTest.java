package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompressionTest {
    private static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] text(int length) {
        byte[] line = "pilotlight block 0123456789 replicated into a bucket\n".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = line[i % line.length];
        }
        return data;
    }

    @Test
    void randomBlobOfAMebibyteIsFoundIncompressibleByTheProbeAndStoredRaw() {
        byte[] data = random(1 << 20, 1);

        assertThat(Compression.incompressible(data, 0, data.length)).isTrue();
        assertThat(Compression.compressIfSmaller(data, 0, data.length)).isEmpty();
    }

    @Test
    void compressibleBlobPassesTheProbeAndIsCompressedWhole() throws CorruptObjectException {
        byte[] data = text(1 << 20);

        assertThat(Compression.incompressible(data, 0, data.length)).isFalse();
        byte[] frame = Compression.compressIfSmaller(data, 0, data.length).orElseThrow();
        assertThat(frame.length).isLessThan(data.length / 10);
        assertThat(Compression.decompress("blob", frame, 0, frame.length, data.length)).isEqualTo(data);
    }

    @Test
    void probeLooksAtSlicesOverTheWholeBlobNotOnlyItsStart() throws CorruptObjectException {
        byte[] data = text(1 << 20);
        System.arraycopy(random(64 << 10, 2), 0, data, 0, 64 << 10); // a random head, compressible after it

        assertThat(Compression.incompressible(data, 0, data.length)).isFalse();
        byte[] frame = Compression.compressIfSmaller(data, 0, data.length).orElseThrow();
        assertThat(Compression.decompress("blob", frame, 0, frame.length, data.length)).isEqualTo(data);
    }

    @Test
    void probeReadsOnlyTheBlobsOwnRangeOfALargerBuffer() {
        int length = Compression.PROBE_FROM;
        byte[] buffer = new byte[3 * length];
        System.arraycopy(random(length, 3), 0, buffer, length, length); // zeros around a random blob

        assertThat(Compression.incompressible(buffer, length, length)).isTrue();
        assertThat(Compression.incompressible(buffer, 0, length)).isFalse();
        assertThat(Compression.compressIfSmaller(buffer, length, length)).isEmpty();
    }

    @Test
    void blobsBelowTheProbeSizeAreCompressedWholeAsBefore() throws CorruptObjectException {
        byte[] small = random(Compression.PROBE_FROM - 1, 4);
        Arrays.fill(small, 0, small.length / 2, (byte) 7);

        byte[] frame = Compression.compressIfSmaller(small, 0, small.length).orElseThrow();
        assertThat(Compression.decompress("blob", frame, 0, frame.length, small.length)).isEqualTo(small);
        assertThat(Compression.compressIfSmaller(random(4096, 5), 0, 4096)).isEmpty();
    }
}
