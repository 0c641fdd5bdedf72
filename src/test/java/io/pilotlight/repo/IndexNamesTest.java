package io.pilotlight.repo;

import static io.pilotlight.repo.Mutations.corrupt;
import static io.pilotlight.repo.Mutations.truncated;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Format 6's index names (§5), version 2 payloads that name what they supersede, and what is carried. */
class IndexNamesTest {
    private static final Hash ID = ContentIds.SHA256.of(new byte[] {1});
    private static final Instant AT = Instant.parse("2026-12-04T15:40:01.234Z");

    @Test
    void aTimedNameRoundTripsAndSortsAfterEveryHexName() {
        String key = IndexNames.timed(AT, ID);

        assertThat(key).isEqualTo("index/t20261204154001234-" + ID.hex());
        assertThat(IndexNames.parse(key)).contains(new IndexNames.Name(key, Optional.of(AT), ID));
        assertThat(IndexNames.parse(IndexNames.hex(ID))).contains(new IndexNames.Name("index/" + ID.hex(),
                Optional.empty(), ID));
        assertThat(key).isGreaterThan("index/" + "f".repeat(64));
        assertThat(IndexNames.timed(AT.plusMillis(1), ID)).isGreaterThan(key);
    }

    @Test
    void namesThatAreNoIndexFileAreRefused() {
        for (String key : List.of("index/table", "index/" + ID.hex() + "0", "index/t2026120415400123-" + ID.hex(),
                "index/t20261304154001234-" + ID.hex(), "index/T20261204154001234-" + ID.hex(), "data/" + ID.hex(),
                "index/t20261204154001234_" + ID.hex())) {
            assertThat(IndexNames.parse(key)).as(key).isEmpty();
        }
    }

    @Test
    void theIdCheckHoldsForBothNames() {
        Hash other = ContentIds.SHA256.of(new byte[] {2});

        assertThat(IndexNames.holds(IndexNames.timed(AT, ID), ID)).isTrue();
        assertThat(IndexNames.holds(IndexNames.timed(AT, ID), other)).isFalse();
        assertThat(IndexNames.holds(IndexNames.hex(ID), ID)).isTrue();
        assertThat(IndexNames.holds("index/nonsense", ID)).isFalse();
    }

    @Test
    void aCursorListsEveryFileFromTheMarginBeforeOn() {
        String cursor = IndexNames.cursor(AT);

        assertThat(cursor).isEqualTo("index/t20261204152501234");
        assertThat(IndexNames.timed(AT.minus(IndexNames.MARGIN), ID)).isGreaterThan(cursor);
        assertThat(IndexNames.timed(AT.minus(IndexNames.MARGIN).minusMillis(1), ID)).isLessThan(cursor);
    }

    @Test
    void aVersion2PayloadRoundTripsWithWhatItSupersedes() throws Exception {
        Map<Hash, List<PackEntry>> packs = new LinkedHashMap<>();
        packs.put(ID, List.of(new PackEntry(ID, BlobType.DATA, Compression.NONE, 0, 10, 10)));
        List<IndexFile.Superseded> superseded = List.of(new IndexFile.Superseded(IndexNames.hex(ID), AT),
                new IndexFile.Superseded(IndexNames.timed(AT, ID), AT.minusSeconds(60)));

        byte[] payload = IndexFile.encode(packs, superseded);

        assertThat(payload[0]).isEqualTo((byte) 2);
        assertThat(IndexFile.decodeContents("index/x", payload)).isEqualTo(new IndexFile.Contents(packs, superseded));
        assertThat(IndexFile.decode("index/x", IndexFile.encode(packs))).isEqualTo(packs);
        assertThat(IndexFile.decodeContents("index/x", IndexFile.encode(packs)).superseded()).isEmpty();
        for (int length = 0; length < payload.length; length++) {
            byte[] object = truncated(payload, length);
            assertThat(corrupt("length " + length, () -> IndexFile.decodeContents("index/x", object)))
                    .hasMessageStartingWith("index/x: ");
        }
    }

    @Test
    void aSupersededNameIsCarriedForwardForSevenDays() {
        Instant now = AT.plus(Duration.ofDays(10));
        String replaced = IndexNames.timed(AT.plus(Duration.ofDays(9)), ID);
        String recent = IndexNames.timed(AT, ContentIds.SHA256.of(new byte[] {3}));
        String old = IndexNames.timed(AT, ContentIds.SHA256.of(new byte[] {4}));
        Map<String, List<IndexFile.Superseded>> replacedFiles = Map.of(replaced, List.of(
                new IndexFile.Superseded(recent, now.minus(IndexNames.CARRY)),
                new IndexFile.Superseded(old, now.minus(IndexNames.CARRY).minusMillis(1))));

        assertThat(IndexFileWriter.superseded(now, replacedFiles)).containsExactly(
                new IndexFile.Superseded(replaced, now), new IndexFile.Superseded(recent, now.minus(IndexNames.CARRY)));
    }
}
