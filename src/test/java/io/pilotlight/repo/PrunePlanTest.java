package io.pilotlight.repo;

import static io.pilotlight.repo.Mutations.corrupt;
import static io.pilotlight.repo.Mutations.flipped;
import static io.pilotlight.repo.Mutations.truncated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.prune.PruneOptions;
import io.pilotlight.repo.prune.PruneResult;
import io.pilotlight.repo.prune.Pruner;
import io.pilotlight.store.InMemoryObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Prune plans as stored objects (envelope PLAN, JSON), and the format upgrade prune makes (to 4, since format 3). */
class PrunePlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static PrunePlan plan() {
        return new PrunePlan(1, "20260101-000000000-0a0b", "2026-01-01T00:00:00Z", List.of(
                new PrunePlan.PlannedPack(Hash.of(new byte[] {1}).hex(), PrunePlan.Reason.unused),
                new PrunePlan.PlannedPack(Hash.of(new byte[] {2}).hex(), PrunePlan.Reason.repacked),
                new PrunePlan.PlannedPack(Hash.of(new byte[] {3}).hex(), PrunePlan.Reason.unindexed)));
    }

    private static final String KEY = "prune/20260101-000000000-0a0b";

    private static PrunePlan decode(byte[] object) throws Exception {
        return PrunePlan.fromJson(KEY, Envelope.open(Envelope.Type.PLAN, KEY, object));
    }

    private static byte[] sealed(byte[] json) {
        return Envelope.seal(Envelope.Type.PLAN, json, false);
    }

    @Test
    void roundTripsAndIsStoredUnderItsId() throws Exception {
        assertThat(decode(sealed(plan().toJson()))).isEqualTo(plan());
        assertThat(RepositoryLayout.planKey(plan().id())).isEqualTo(KEY);
        PrunePlan made = PrunePlan.create(Instant.parse("2026-01-01T00:00:00Z"), plan().packs());
        assertThat(made.id()).startsWith("20260101-000000000-");
        assertThat(made.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void everyTruncationAndBitFlipIsCorruptNamingTheKey() {
        byte[] valid = sealed(plan().toJson());
        for (int length = 0; length < valid.length; length++) {
            byte[] object = truncated(valid, length);
            assertThat(corrupt("length " + length, () -> decode(object))).hasMessageStartingWith(KEY + ": ");
        }
        for (int bit = 0; bit < valid.length * 8; bit += 3) {
            byte[] object = flipped(valid, bit);
            assertThat(corrupt("bit " + bit, () -> decode(object))).hasMessageStartingWith(KEY + ": ");
        }
    }

    @Test
    void randomGarbageIsOnlyEverCorrupt() {
        Random random = new Random(17);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = Mutations.randomBytes(random, 120);
            if (i % 2 == 0 && garbage.length > 0) {
                garbage[0] = '{';
            }
            assertThat(corrupt("garbage " + i, () -> PrunePlan.fromJson(KEY, garbage))).hasMessageStartingWith(KEY + ": ");
        }
    }

    /** Well-formed JSON with a wrong value in any field, or in any planned pack: corrupt naming the key, or usable. */
    @Test
    void plansWithWrongFieldValuesAreCorruptOrUsable() throws Exception {
        List<JsonNode> odd = List.of(JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.numberNode(-1),
                JsonNodeFactory.instance.textNode(""), JsonNodeFactory.instance.textNode("zz"),
                JsonNodeFactory.instance.booleanNode(true), JsonNodeFactory.instance.arrayNode().add("zz"),
                JsonNodeFactory.instance.objectNode());
        ObjectNode valid = (ObjectNode) JSON.readTree(plan().toJson());
        for (String field : List.of("format", "id", "created", "packs", "packs.pack", "packs.reason")) {
            for (JsonNode value : odd) {
                ObjectNode changed = valid.deepCopy();
                if (field.startsWith("packs.")) {
                    ((ObjectNode) ((ArrayNode) changed.get("packs")).get(1)).set(field.substring(6), value);
                } else {
                    changed.set(field, value);
                }
                String what = field + " = " + value;
                CorruptObjectException e = Mutations.succeedsOrIsCorrupt(what, () -> {
                    PrunePlan decoded = PrunePlan.fromJson(KEY, JSON.writeValueAsBytes(changed));
                    decoded.createdAt();
                    decoded.packs().forEach(pack -> pack.id());
                });
                if (e != null) {
                    assertThat(e).as(what).hasMessageStartingWith(KEY + ": ");
                }
            }
        }
    }

    @Test
    void aFormatTwoRepositoryIsUpgradedByItsFirstPrune() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        RepoConfig current = Repository.init(store, 65536).config();
        assertThat(current.format()).isEqualTo(6);
        RepoConfig two = new RepoConfig(2, current.id(), current.created(), current.grainSize(), current.chunkGrains(),
                current.segmentGrains(), current.packTargetBytes(), current.compression(), current.encryption(), null);
        store.put("config", Envelope.seal(Envelope.Type.CONFIG, two.toJson(), false));
        Repository repository = Repository.open(store);
        assertThat(repository.config().format()).isEqualTo(2);

        PruneResult result = new Pruner(repository, PruneOptions.defaults(), Clock.systemUTC(), ProgressListener.NONE)
                .run();

        assertThat(result.formatUpgraded()).isTrue();
        assertThat(Repository.open(store).config()).isEqualTo(two.upgraded()).extracting(RepoConfig::format)
                .isEqualTo(6);
        assertThat(new Pruner(Repository.open(store), PruneOptions.defaults(), Clock.systemUTC(),
                ProgressListener.NONE).run().formatUpgraded()).isFalse();
    }
}
