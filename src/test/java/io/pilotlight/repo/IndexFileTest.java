package io.pilotlight.repo;

import static io.pilotlight.repo.Mutations.corrupt;
import static io.pilotlight.repo.Mutations.flipped;
import static io.pilotlight.repo.Mutations.truncated;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexFileTest {
    private static final String KEY = "index/77aa";
    /** Where the entries start in {@link #sample()}: version, pack count, two pack ids, entry count. */
    private static final int ENTRIES_AT = 1 + 4 + 2 * Hash.LENGTH + 4;
    private static final int ENTRY = 52;

    private static Hash hash(int seed) {
        byte[] bytes = new byte[Hash.LENGTH];
        new Random(seed).nextBytes(bytes);
        return Hash.fromBytes(bytes, 0);
    }

    private static Map<Hash, List<PackEntry>> sample() {
        Map<Hash, List<PackEntry>> packs = new LinkedHashMap<>();
        packs.put(hash(1), List.of(
                new PackEntry(hash(11), BlobType.DATA, Compression.ZSTD, 0, 700, 65536),
                new PackEntry(hash(12), BlobType.DATA, Compression.NONE, 700, 65536, 65536)));
        packs.put(hash(2), List.of(new PackEntry(hash(21), BlobType.SEGMENT, Compression.ZSTD, 0, 90, 1200)));
        return packs;
    }

    @Test
    void roundTrips() throws Exception {
        assertThat(IndexFile.decode(KEY, IndexFile.encode(sample()))).isEqualTo(sample());
        assertThat(IndexFile.decode(KEY, IndexFile.encode(Map.of()))).isEmpty();
    }

    @Test
    void everyTruncationIsCorrupt() {
        byte[] payload = IndexFile.encode(sample());
        for (int length = 0; length < payload.length; length++) {
            byte[] object = truncated(payload, length);
            assertThat(corrupt("length " + length, () -> IndexFile.decode(KEY, object)))
                    .hasMessageStartingWith(KEY + ": ")
                    .hasMessageMatching(".*(truncated|does not fit|do not match).*");
        }
    }

    /**
     * The payload has no checksum of its own (the INDEX envelope's SHA-256 covers it), so a flip may
     * decode; it must then decode to a different index, never silently to the same one, except in
     * the reserved u16 of each entry, which readers ignore (docs/design.md §5).
     */
    @Test
    void everyBitFlipIsCorruptOrChangesTheIndex() {
        byte[] payload = IndexFile.encode(sample());
        for (int bit = 0; bit < payload.length * 8; bit++) {
            int at = bit / 8;
            boolean reserved = at >= ENTRIES_AT && (at - ENTRIES_AT) % ENTRY >= 6 && (at - ENTRIES_AT) % ENTRY < 8;
            byte[] object = flipped(payload, bit);
            String what = "bit " + bit;
            CorruptObjectException e = Mutations.succeedsOrIsCorrupt(what, () -> {
                Map<Hash, List<PackEntry>> decoded = IndexFile.decode(KEY, object);
                if (reserved) {
                    assertThat(decoded).as(what + " (reserved)").isEqualTo(sample());
                } else {
                    assertThat(decoded).as(what).isNotEqualTo(sample());
                }
            });
            if (e != null) {
                assertThat(e).hasMessageStartingWith(KEY + ": ");
            }
        }
    }

    @Test
    void anEntryNamingNoPackIsInvalid() {
        byte[] payload = IndexFile.encode(sample());
        ByteBuffer.wrap(payload).putInt(ENTRIES_AT + ENTRY, 2);
        assertThat(corrupt("ordinal", () -> IndexFile.decode(KEY, payload))).hasMessage(KEY + ": entry 1 is invalid (pack 2 of 2)");
    }

    @Test
    void wrongVersionIsNamed() {
        byte[] payload = IndexFile.encode(sample());
        payload[0] = 3;
        assertThat(corrupt("version", () -> IndexFile.decode(KEY, payload)))
                .hasMessage(KEY + ": index version 3 is not 1 or 2");
    }

    @Test
    void randomGarbageIsOnlyEverCorrupt() {
        Random random = new Random(11);
        for (int i = 0; i < 3000; i++) {
            byte[] garbage = Mutations.randomBytes(random, 300);
            if (garbage.length > 0 && i % 2 == 0) {
                garbage[0] = IndexFile.VERSION;
            }
            if (garbage.length >= 9 && i % 4 == 0) {
                int packs = random.nextInt(3);
                ByteBuffer.wrap(garbage).putInt(1, packs);
                int entriesAt = 5 + packs * Hash.LENGTH;
                int left = garbage.length - entriesAt - 4;
                if (left >= 0) {
                    ByteBuffer.wrap(garbage).putInt(entriesAt, left / ENTRY);
                }
            }
            assertThat(Mutations.succeedsOrIsCorrupt("case " + i, () -> IndexFile.decode(KEY, garbage)))
                    .satisfiesAnyOf(e -> assertThat(e).isNull(), e -> assertThat(e).hasMessageStartingWith(KEY + ": "));
        }
    }
}
