package io.pilotlight.repo;

import static io.pilotlight.repo.Mutations.corrupt;
import static io.pilotlight.repo.Mutations.flipped;
import static io.pilotlight.repo.Mutations.truncated;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeTest {
    private static final String KEY = "index/0123abcd";

    private static byte[] payload(int length, long seed) {
        byte[] payload = new byte[length];
        new Random(seed).nextBytes(payload);
        return payload;
    }

    /** A frame with a correct checksum around whatever header fields and body are given. */
    static byte[] frame(int type, int flags, int reserved, byte[] body) {
        ByteBuffer out = ByteBuffer.allocate(Envelope.HEADER + body.length + Hash.LENGTH);
        out.put(Envelope.MAGIC).put((byte) type).put((byte) flags).putShort((short) reserved).putInt(body.length);
        out.put(body);
        Hash.of(out.array(), 0, out.position()).copyTo(out.array(), out.position());
        return out.array();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void roundTrips(boolean compress) throws Exception {
        for (int length : new int[] {0, 1, 100, 70_000}) {
            byte[] random = payload(length, length);
            byte[] text = "{\"a\":1}".repeat(length / 7 + 1).getBytes(StandardCharsets.US_ASCII);
            for (byte[] payload : new byte[][] {random, text}) {
                byte[] sealed = Envelope.seal(Envelope.Type.INDEX, payload, compress);
                assertThat(Envelope.open(Envelope.Type.INDEX, KEY, sealed)).isEqualTo(payload);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyTruncationIsCorruptAndSaysTruncated(boolean compress) {
        byte[] sealed = Envelope.seal(Envelope.Type.MANIFEST, payload(300, 1), compress);
        for (int length = 0; length < sealed.length; length++) {
            byte[] object = truncated(sealed, length);
            assertThat(corrupt("length " + length, () -> Envelope.open(Envelope.Type.MANIFEST, KEY, object)))
                    .hasMessageStartingWith(KEY + ": ")
                    .hasMessageContaining("truncated");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyBitFlipIsCorrupt(boolean compress) {
        byte[] sealed = Envelope.seal(Envelope.Type.LEASE, "{\"owner\":\"x\",\"pid\":1}".repeat(4)
                .getBytes(StandardCharsets.US_ASCII), compress);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] object = flipped(sealed, bit);
            int at = bit / 8;
            String rule = at < 4 ? "magic is not PLT1"
                    : at >= 8 && at < 12 ? "payload length"
                    : "checksum mismatch";
            assertThat(corrupt("bit " + bit, () -> Envelope.open(Envelope.Type.LEASE, KEY, object)))
                    .hasMessageStartingWith(KEY + ": ")
                    .hasMessageContaining(rule);
        }
    }

    @Test
    void wrongTypeIsNamed() {
        byte[] config = Envelope.seal(Envelope.Type.CONFIG, new byte[10], false);
        assertThat(corrupt("type", () -> Envelope.open(Envelope.Type.INDEX, KEY, config)))
                .hasMessage(KEY + ": object type 1 where INDEX (2) is expected");
    }

    @Test
    void unknownFlagsAreRefused() {
        for (int flags = 2; flags < 256; flags++) {
            byte[] object = frame(Envelope.Type.INDEX.code, flags, 0, new byte[8]);
            assertThat(corrupt("flags " + flags, () -> Envelope.open(Envelope.Type.INDEX, KEY, object)))
                    .hasMessageContaining(KEY + ": unknown flags 0x" + Integer.toHexString(flags));
        }
    }

    @Test
    void compressedBodyWithoutItsLengthIsCorrupt() {
        for (int length = 0; length < 4; length++) {
            byte[] object = frame(Envelope.Type.INDEX.code, Envelope.FLAG_ZSTD, 0, new byte[length]);
            assertThat(corrupt("body " + length, () -> Envelope.open(Envelope.Type.INDEX, KEY, object)))
                    .hasMessage(KEY + ": compressed payload without its length");
        }
    }

    @Test
    void randomGarbageIsOnlyEverCorrupt() {
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            byte[] garbage = Mutations.randomBytes(random, 200);
            if (i % 3 == 0 && garbage.length >= 4) {
                System.arraycopy(Envelope.MAGIC, 0, garbage, 0, 4);
            }
            assertThat(corrupt("case " + i, () -> Envelope.open(Envelope.Type.CONFIG, KEY, garbage)))
                    .hasMessageStartingWith(KEY + ": ");
        }
    }

    /** Garbage behind a correct checksum reaches the zstd decoder, which must fail cleanly too. */
    @Test
    void garbageCompressedBodiesWithRightChecksumsAreOnlyEverCorrupt() {
        Random random = new Random(43);
        byte[] real = Envelope.seal(Envelope.Type.INDEX, payload(500, 5), true);
        for (int i = 0; i < 3000; i++) {
            byte[] body;
            if (i % 2 == 0) {
                body = Mutations.randomBytes(random, 300);
            } else {
                // A real zstd body with a few bytes changed, behind a recomputed checksum.
                body = java.util.Arrays.copyOfRange(real, Envelope.HEADER, real.length - Hash.LENGTH);
                for (int k = 0; k < 1 + random.nextInt(3); k++) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
            }
            if (body.length >= 4 && i % 4 == 0) {
                ByteBuffer.wrap(body).putInt(random.nextInt(5000)); // a plausible raw length
            }
            byte[] object = frame(Envelope.Type.INDEX.code, Envelope.FLAG_ZSTD, 0, body);
            Mutations.succeedsOrIsCorrupt("case " + i, () -> Envelope.open(Envelope.Type.INDEX, KEY, object));
        }
    }
}
