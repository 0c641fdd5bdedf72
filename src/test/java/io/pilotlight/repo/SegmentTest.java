package io.pilotlight.repo;

import static io.pilotlight.repo.Mutations.corrupt;
import static io.pilotlight.repo.Mutations.flipped;
import static io.pilotlight.repo.Mutations.truncated;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentTest {
    private static final String WHERE = "segment 3 (abcdef012345) of d1/20260101-000000-00000000";
    private static final int GRAINS = 40;
    private static final int CHUNK_GRAINS = 16;

    private static byte[] hashOf(int grain) {
        return Hash.of(new byte[] {(byte) grain, 7}).hex().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Zero runs, a chunk used whole, a chunk used from its middle, and a single-grain chunk. */
    private static Segment sample() {
        Segment segment = Segment.zeros(GRAINS);
        Hash a = Hash.of(new byte[] {1});
        Hash b = Hash.of(new byte[] {2});
        Hash c = Hash.of(new byte[] {3});
        for (int g = 2; g < 10; g++) {
            segment.setData(g, a, g - 2, hashOf(g), 0);
        }
        for (int g = 12; g < 20; g++) {
            segment.setData(g, b, g - 8, hashOf(g), 0);
        }
        segment.setData(20, a, 9, hashOf(20), 0);
        segment.setData(39, c, 0, hashOf(39), 0);
        return segment;
    }

    private static Segment decode(byte[] data) throws CorruptObjectException {
        return Segment.decode(WHERE, data, GRAINS, CHUNK_GRAINS);
    }

    @Test
    void roundTrips() throws Exception {
        Segment original = sample();
        byte[] encoded = original.encode();
        Segment decoded = decode(encoded);
        assertThat(decoded.encode()).isEqualTo(encoded);
        for (int g = 0; g < GRAINS; g++) {
            assertThat(decoded.isZero(g)).isEqualTo(original.isZero(g));
            if (!original.isZero(g)) {
                assertThat(decoded.chunk(g)).isEqualTo(original.chunk(g));
                assertThat(decoded.chunkOffset(g)).isEqualTo(original.chunkOffset(g));
                assertThat(decoded.hasHash(g, hashOf(g), 0)).isTrue();
            }
        }
        assertThat(decoded.referencedChunks()).isEqualTo(original.referencedChunks());
        assertThat(decode(Segment.zeros(GRAINS).encode()).encode()).isEqualTo(Segment.zeros(GRAINS).encode());
    }

    @Test
    void everyTruncationIsCorrupt() {
        byte[] encoded = sample().encode();
        for (int length = 0; length < encoded.length; length++) {
            byte[] object = truncated(encoded, length);
            assertThat(corrupt("length " + length, () -> decode(object))).hasMessageStartingWith(WHERE + ": ");
        }
    }

    /**
     * Segments are covered by their blob id (SHA-256 of the plaintext, checked on every read), so a
     * flip may decode; it must then decode to a different map, never silently to the same one,
     * except in a zero run's offset field, which readers ignore (docs/design.md §6: "0 for zero runs").
     */
    @Test
    void everyBitFlipIsCorruptOrChangesTheMap() {
        byte[] encoded = sample().encode();
        ByteBuffer layout = ByteBuffer.wrap(encoded);
        int runsAt = 1 + 4 + 4 + layout.getInt(5) * Hash.LENGTH;
        int runCount = layout.getInt(runsAt);
        java.util.BitSet ignored = new java.util.BitSet();
        for (int r = 0; r < runCount; r++) {
            int run = runsAt + 4 + r * 12;
            if (layout.getInt(run + 4) == -1) {
                ignored.set(run + 8, run + 12);
            }
        }
        for (int bit = 0; bit < encoded.length * 8; bit++) {
            int at = bit / 8;
            byte[] object = flipped(encoded, bit);
            String what = "bit " + bit;
            CorruptObjectException e = Mutations.succeedsOrIsCorrupt(what, () -> {
                byte[] again = decode(object).encode();
                if (ignored.get(at)) {
                    assertThat(again).as(what + " (zero run offset)").isEqualTo(encoded);
                } else {
                    assertThat(again).as(what).isNotEqualTo(encoded);
                }
            });
            if (e != null) {
                assertThat(e).hasMessageStartingWith(WHERE + ": ");
            }
        }
    }

    @Test
    void wrongGrainCountIsNamed() {
        byte[] encoded = sample().encode();
        assertThat(corrupt("grains", () -> Segment.decode(WHERE, encoded, GRAINS + 1, CHUNK_GRAINS)))
                .hasMessage(WHERE + ": segment version 1 with 40 grains where version 1 with 41 is expected");
    }

    @Test
    void aRunPastTheEndOfItsChunkIsOutOfRange() {
        byte[] encoded = sample().encode();
        assertThat(corrupt("chunk grains", () -> Segment.decode(WHERE, encoded, GRAINS, 8)))
                .hasMessageStartingWith(WHERE + ": run ")
                .hasMessageEndingWith(") is out of range");
    }

    @Test
    void aRunOffsetThatOverflowsIsOutOfRange() {
        ByteBuffer data = ByteBuffer.allocate(1 + 4 + 4 + Hash.LENGTH + 4 + 12 + Hash.LENGTH);
        data.put((byte) 1).putInt(1).putInt(1).put(new byte[Hash.LENGTH]).putInt(1);
        data.putInt(1).putInt(0).putInt(Integer.MAX_VALUE).put(new byte[Hash.LENGTH]);
        assertThat(corrupt("overflow", () -> Segment.decode(WHERE, data.array(), 1, CHUNK_GRAINS)))
                .hasMessage(WHERE + ": run 0 (grains 0+1, chunk 0, offset 2147483647) is out of range");
    }

    @Test
    void runsThatDoNotCoverTheSegmentAreNamed() {
        Segment short1 = Segment.zeros(GRAINS - 1);
        byte[] encoded = short1.encode();
        ByteBuffer.wrap(encoded).putInt(1, GRAINS);
        assertThat(corrupt("cover", () -> decode(encoded))).hasMessage(WHERE + ": runs cover 39 of 40 grains");
    }

    @Test
    void randomGarbageIsOnlyEverCorrupt() {
        Random random = new Random(21);
        for (int i = 0; i < 3000; i++) {
            byte[] garbage = Mutations.randomBytes(random, 400);
            if (garbage.length >= 13 && i % 2 == 0) {
                ByteBuffer header = ByteBuffer.wrap(garbage);
                header.put(0, (byte) Segment.VERSION).putInt(1, GRAINS).putInt(5, random.nextInt(4));
                int runsAt = 9 + header.getInt(5) * Hash.LENGTH;
                if (runsAt + 4 <= garbage.length) {
                    header.putInt(runsAt, random.nextInt(5));
                    for (int at = runsAt + 4; at + 12 <= garbage.length && at < runsAt + 4 + 60; at += 12) {
                        header.putInt(at, random.nextInt(GRAINS + 1)).putInt(at + 4, random.nextInt(5) - 1)
                                .putInt(at + 8, random.nextInt(CHUNK_GRAINS));
                    }
                }
            }
            assertThat(Mutations.succeedsOrIsCorrupt("case " + i, () -> decode(garbage)))
                    .satisfiesAnyOf(e -> assertThat(e).isNull(), e -> assertThat(e).hasMessageStartingWith(WHERE + ": "));
        }
    }
}
