package io.pilotlight.repo;

import static io.pilotlight.repo.Mutations.corrupt;
import static io.pilotlight.repo.Mutations.flipped;
import static io.pilotlight.repo.Mutations.truncated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The JSON objects: manifests, config, leases. */
class JsonObjectsTest {
    private static final String POINT_KEY = "points/d1/20260101-000000-0a0b0c0d";
    private static final String LEASE_KEY = "locks/d1";
    private static final String GROUP_KEY = "groups/vm1/20260101-000000-0a0b0c0d";
    private static final ObjectMapper JSON = new ObjectMapper();

    interface Decoder {
        Object decode(byte[] json) throws Exception;
    }

    static Manifest manifest() {
        String segment = Hash.of(new byte[] {1}).hex();
        return new Manifest(1, "d1", "20260101-000000-0a0b0c0d", "20251231-000000-01020304", "2026-01-01T00:00:00Z",
                (3L << 30) + 12345, 65536, 16384, List.of(segment, segment, segment, segment),
                Hash.of(new byte[] {2}).hex(), "file:/images/d1.img", "hash-compare", true,
                new Manifest.Stats(1, 2, 3, 4, 5, 6, 7), List.of("a warning"));
    }

    static GroupPoint group() {
        String digest = Hash.of(new byte[] {3}).hex();
        return new GroupPoint(1, "vm1", "20260101-000000-0a0b0c0d", null, "2026-01-01T00:00:00Z", "vsphere://u@h/vm1",
                List.of(new GroupPoint.Member("scsi0-0", "vm1-scsi0-0", "20260101-000000-0001", 1L << 30, digest),
                        new GroupPoint.Member("scsi0-1", "vm1-scsi0-1", "20260101-000001-0002", 4096, digest)),
                List.of("scsi0-1: change tracking was off"));
    }

    private static Object decodeGroup(byte[] json) throws Exception {
        return GroupPoint.fromJson(GROUP_KEY, json);
    }

    static byte[] leaseJson() {
        return ("{\"owner\":\"6f1c\",\"host\":\"h1\",\"pid\":42,\"acquired\":\"2026-01-01T00:00:00Z\","
                + "\"expires\":\"2026-01-01T00:05:00Z\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static Object decodeManifest(byte[] json) throws Exception {
        return Manifest.fromJson(POINT_KEY, json);
    }

    private static Object decodeConfig(byte[] json) throws Exception {
        return RepoConfig.fromJson("config", json);
    }

    private static Object decodeLease(byte[] object) throws Exception {
        return Lease.decode(LEASE_KEY, object);
    }

    @Test
    void roundTrips() throws Exception {
        assertThat(Manifest.fromJson(POINT_KEY, manifest().toJson())).isEqualTo(manifest());
        Manifest noParent = new Manifest(1, "d1", "x", null, "2026-01-01T00:00:00Z", 0, 65536, 16384, List.of(),
                Hash.of(new byte[0]).hex(), "file:/x", null, true, new Manifest.Stats(0, 0, 0, 0, 0, 0, 0), null);
        assertThat(Manifest.fromJson(POINT_KEY, noParent.toJson())).isEqualTo(noParent);
        RepoConfig config = RepoConfig.create(65536);
        assertThat(RepoConfig.fromJson("config", config.toJson())).isEqualTo(config);
        assertThat(GroupPoint.fromJson(GROUP_KEY, group().toJson())).isEqualTo(group());
        assertThat(Lease.decode(LEASE_KEY, Envelope.seal(Envelope.Type.LEASE, leaseJson(), false)))
                .isEqualTo(new Lease.Holder("6f1c", "h1", 42, "2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z"));
    }

    @Test
    void everyTruncationIsCorrupt() {
        checkTruncations(manifest().toJson(), JsonObjectsTest::decodeManifest, POINT_KEY);
        checkTruncations(RepoConfig.create(4096).toJson(), JsonObjectsTest::decodeConfig, "config");
        checkTruncations(group().toJson(), JsonObjectsTest::decodeGroup, GROUP_KEY);
        checkTruncations(Envelope.seal(Envelope.Type.LEASE, leaseJson(), false), JsonObjectsTest::decodeLease,
                LEASE_KEY);
    }

    private static void checkTruncations(byte[] valid, Decoder decoder, String key) {
        for (int length = 0; length < valid.length; length++) {
            byte[] object = truncated(valid, length);
            assertThat(corrupt(key + " length " + length, () -> decoder.decode(object)))
                    .hasMessageStartingWith(key + ": ");
        }
    }

    /** As stored, every JSON object is in an envelope: no flip of the stored bytes goes unnoticed. */
    @Test
    void everyBitFlipOfTheStoredObjectIsCorrupt() {
        byte[] manifest = Envelope.seal(Envelope.Type.MANIFEST, manifest().toJson(), false);
        byte[] config = Envelope.seal(Envelope.Type.CONFIG, RepoConfig.create(65536).toJson(), false);
        byte[] lease = Envelope.seal(Envelope.Type.LEASE, leaseJson(), false);
        byte[] group = Envelope.seal(Envelope.Type.GROUP, group().toJson(), false);
        for (int bit = 0; bit < group.length * 8; bit += 3) {
            byte[] object = flipped(group, bit);
            assertThat(corrupt("group bit " + bit, () -> GroupPoint.fromJson(GROUP_KEY,
                    Envelope.open(Envelope.Type.GROUP, GROUP_KEY, object)))).hasMessageStartingWith(GROUP_KEY + ": ");
        }
        for (int bit = 0; bit < manifest.length * 8; bit += 3) {
            byte[] object = flipped(manifest, bit);
            assertThat(corrupt("manifest bit " + bit, () -> Manifest.fromJson(POINT_KEY,
                    Envelope.open(Envelope.Type.MANIFEST, POINT_KEY, object)))).hasMessageStartingWith(POINT_KEY + ": ");
        }
        for (int bit = 0; bit < config.length * 8; bit += 3) {
            byte[] object = flipped(config, bit);
            assertThat(corrupt("config bit " + bit, () -> RepoConfig.fromJson("config",
                    Envelope.open(Envelope.Type.CONFIG, "config", object)))).hasMessageStartingWith("config: ");
        }
        for (int bit = 0; bit < lease.length * 8; bit++) {
            byte[] object = flipped(lease, bit);
            assertThat(corrupt("lease bit " + bit, () -> Lease.decode(LEASE_KEY, object)))
                    .hasMessageStartingWith(LEASE_KEY + ": ");
        }
    }

    @Test
    void randomGarbageIsOnlyEverCorrupt() {
        Random random = new Random(31);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = Mutations.randomBytes(random, 120);
            if (i % 2 == 0 && garbage.length > 0) {
                garbage[0] = '{';
            }
            assertThat(corrupt("manifest " + i, () -> Manifest.fromJson(POINT_KEY, garbage)))
                    .hasMessageStartingWith(POINT_KEY + ": ");
            assertThat(corrupt("config " + i, () -> RepoConfig.fromJson("config", garbage)))
                    .hasMessageStartingWith("config: ");
            assertThat(corrupt("group " + i, () -> GroupPoint.fromJson(GROUP_KEY, garbage)))
                    .hasMessageStartingWith(GROUP_KEY + ": ");
            byte[] lease = Envelope.seal(Envelope.Type.LEASE, garbage, false);
            assertThat(corrupt("lease " + i, () -> Lease.decode(LEASE_KEY, lease)))
                    .hasMessageStartingWith(LEASE_KEY + ": ");
        }
    }

    private static final List<JsonNode> ODD_VALUES = List.of(
            JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.numberNode(0),
            JsonNodeFactory.instance.numberNode(-1), JsonNodeFactory.instance.numberNode(Long.MAX_VALUE),
            JsonNodeFactory.instance.numberNode(Integer.MIN_VALUE), JsonNodeFactory.instance.numberNode(1.5),
            JsonNodeFactory.instance.textNode(""), JsonNodeFactory.instance.textNode("zz"),
            JsonNodeFactory.instance.booleanNode(true), JsonNodeFactory.instance.arrayNode().add("zz"),
            JsonNodeFactory.instance.objectNode());

    /** Each field in turn given each odd value, or removed; returns the variants and what changed. */
    private static List<Object[]> variants(byte[] json) throws Exception {
        ObjectNode valid = (ObjectNode) JSON.readTree(json);
        List<Object[]> variants = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        valid.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            ObjectNode removed = valid.deepCopy();
            removed.remove(field);
            variants.add(new Object[] {field + " removed", JSON.writeValueAsBytes(removed)});
            for (JsonNode value : ODD_VALUES) {
                ObjectNode changed = valid.deepCopy();
                changed.set(field, value);
                variants.add(new Object[] {field + " = " + value, JSON.writeValueAsBytes(changed)});
            }
        }
        return variants;
    }

    /**
     * Well-formed JSON with a wrong value in any field: decoded only if the result is usable,
     * otherwise a CorruptObjectException naming the key, never an unchecked exception now or later.
     */
    @Test
    void manifestsWithWrongFieldValuesAreCorruptOrUsable() throws Exception {
        for (Object[] variant : variants(manifest().toJson())) {
            String what = (String) variant[0];
            byte[] json = (byte[]) variant[1];
            CorruptObjectException e = Mutations.succeedsOrIsCorrupt(what, () -> {
                Manifest decoded = Manifest.fromJson(POINT_KEY, json);
                decoded.info();
                for (int s = 0; s < decoded.segments().size(); s++) {
                    decoded.segment(s);
                    assertThat(decoded.grainsIn(s)).as(what).isPositive();
                }
                assertThat(decoded.digest()).as(what).matches("[0-9a-f]{64}");
            });
            if (e != null) {
                assertThat(e).as(what).hasMessageStartingWith(POINT_KEY + ": ");
            }
        }
    }

    @Test
    void configsWithWrongFieldValuesAreCorruptUnsupportedOrUsable() throws Exception {
        for (Object[] variant : variants(RepoConfig.create(65536).toJson())) {
            String what = (String) variant[0];
            byte[] json = (byte[]) variant[1];
            Throwable thrown = catchThrowable(() -> RepoConfig.fromJson("config", json).createdAt());
            if (thrown instanceof RepositoryException unsupported) {
                assertThat(unsupported.kind()).as(what).isEqualTo(RepositoryException.Kind.UNSUPPORTED);
                assertThat(what).matches("(format|compression|encryption) .*");
            } else if (thrown != null) {
                assertThat(thrown).as(what).isExactlyInstanceOf(CorruptObjectException.class)
                        .hasMessageStartingWith("config: ");
            }
        }
    }

    @Test
    void groupPointsWithWrongFieldValuesAreCorruptOrUsable() throws Exception {
        for (Object[] variant : variants(group().toJson())) {
            String what = (String) variant[0];
            byte[] json = (byte[]) variant[1];
            CorruptObjectException e = Mutations.succeedsOrIsCorrupt(what, () -> {
                GroupPoint decoded = GroupPoint.fromJson(GROUP_KEY, json);
                decoded.createdAt();
                for (GroupPoint.Member member : decoded.disks()) {
                    Repository.checkDisk(member.disk());
                    assertThat(member.digest()).as(what).matches("[0-9a-f]{64}");
                    assertThat(member.point()).as(what).isNotNull();
                }
            });
            if (e != null) {
                assertThat(e).as(what).hasMessageStartingWith(GROUP_KEY + ": ");
            }
        }
    }

    @Test
    void leasesWithWrongFieldValuesAreCorruptOrUsable() throws Exception {
        for (Object[] variant : variants(leaseJson())) {
            String what = (String) variant[0];
            byte[] object = Envelope.seal(Envelope.Type.LEASE, (byte[]) variant[1], false);
            CorruptObjectException e = Mutations.succeedsOrIsCorrupt(what,
                    () -> Lease.decode(LEASE_KEY, object).stale(java.time.Instant.now(), "h1"));
            if (e != null) {
                assertThat(e).as(what).hasMessageStartingWith(LEASE_KEY + ": ");
            }
        }
    }

    @Test
    void aNewerConfigFormatIsUnsupportedNotCorrupt() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(RepoConfig.create(65536).toJson());
        config.put("format", 7);
        Throwable thrown = catchThrowable(() -> RepoConfig.fromJson("config", JSON.writeValueAsBytes(config)));
        assertThat(thrown).isInstanceOf(RepositoryException.class)
                .hasMessage("repository format 7 is not supported by this pilotlight (it reads formats 1 to 6)");
        assertThat(((RepositoryException) thrown).kind()).isEqualTo(RepositoryException.Kind.UNSUPPORTED);
    }

    @Test
    void aVersionThreeRepositoryIsStillRead() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(RepoConfig.create(65536).toJson());
        assertThat(config.get("format").asInt()).isEqualTo(6);
        config.put("format", 3);
        assertThat(RepoConfig.fromJson("config", JSON.writeValueAsBytes(config)).format()).isEqualTo(3);
    }

    @Test
    void aVersionOneRepositoryIsStillRead() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(RepoConfig.create(65536).toJson());
        config.put("format", 1);
        assertThat(RepoConfig.fromJson("config", JSON.writeValueAsBytes(config)).format()).isEqualTo(1);
    }

    @Test
    void aManifestWithTheWrongNumberOfSegmentsIsNamed() throws Exception {
        ObjectNode manifest = (ObjectNode) JSON.readTree(manifest().toJson());
        manifest.withArray("segments").remove(0);
        byte[] json = JSON.writeValueAsBytes(manifest);
        ThrowingCallable decode = () -> Manifest.fromJson(POINT_KEY, json);
        assertThat(corrupt("segments", decode)).hasMessage(POINT_KEY + ": 3 segments for a disk of "
                + ((3L << 30) + 12345) + " bytes, which needs 4");
    }
}
