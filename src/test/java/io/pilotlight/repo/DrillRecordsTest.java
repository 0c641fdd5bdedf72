package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.GroupReplicator;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.forget.Forgetter;
import io.pilotlight.repo.prune.PruneOptions;
import io.pilotlight.repo.prune.Pruner;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.SparseImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drill records (docs/design.md §17): keys, reads that check every hash, forget and prune. */
class DrillRecordsTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};

    @TempDir
    Path dir;

    private final Random random = new Random(3);
    private Path root;
    private Repository repository;
    private Path image;
    private final List<String> points = new ArrayList<>();
    private final List<String> groupPoints = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        root = dir.resolve("repo");
        repository = Repository.init(new DirectoryObjectStore(root), 65536);
        image = SparseImages.create(dir.resolve("d1.img"), 1 << 20);
        for (int i = 0; i < 3; i++) {
            SparseImages.scribble(image, random, 1, 0);
            try (FileSource source = FileSource.open(image)) {
                points.add(new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE)
                        .replicate("d1", source).id());
            }
        }
    }

    private static DrillRecord record(boolean group, String name, String point, Instant started, boolean passed,
            Optional<byte[]> png) {
        List<DrillRecord.Check> checks = List.of(new DrillRecord.Check("heartbeat", true, 9_000, "serial: up"),
                new DrillRecord.Check("port 7777", passed, 12_000, passed ? "answered: hi" : "no answer"));
        return new DrillRecord(DrillRecord.FORMAT, Repository.newPointId(started, Optional.empty()),
                group ? DrillRecord.GROUP : DrillRecord.DISK, name, point, List.of(new DrillRecord.Disk(name, point)),
                started.toString(), 20_000, passed, "tcg", "asked for", checks, List.of("booting", "up"), "test",
                png.map(bytes -> new DrillRecord.Screenshot(Hash.of(bytes).hex(), bytes.length)).orElse(null),
                png.isPresent() ? List.of() : List.of("no screenshot: the VM had stopped"));
    }

    private String drill(String point, Instant started, boolean passed) throws IOException {
        return repository.recordDrill(record(false, "d1", point, started, passed, Optional.of(PNG)), Optional.of(PNG));
    }

    @Test
    void drillKeysAreThePointKeyUnderDrills() {
        String id = "20260101-000000000-0a0b";
        assertThat(RepositoryLayout.drillKey(false, "d1", id, id, false)).isEqualTo("drills/points/d1/" + id + "/" + id);
        assertThat(RepositoryLayout.drillKey(true, "vm1", id, id, true))
                .isEqualTo("drills/groups/vm1/" + id + "/" + id + ".png");
        assertThat(RepositoryLayout.DrillKey.parse("drills/groups/vm1/" + id + "/x.png"))
                .contains(new RepositoryLayout.DrillKey(true, "vm1", id, "x", true))
                .get().extracting(RepositoryLayout.DrillKey::pointKey).isEqualTo("groups/vm1/" + id);
        assertThat(RepositoryLayout.DrillKey.parse("drills/other/d1/" + id + "/x")).isEmpty();
        assertThat(RepositoryLayout.DrillKey.parse("drills/points/d1/" + id)).isEmpty();
        assertThatThrownBy(() -> RepositoryLayout.drillPrefix(false, "../x", id))
                .hasMessageStartingWith("disk name '../x': must match");
    }

    @Test
    void theNewestRecordOfEachPointIsReadBackWithItsScreenshotAndNothingElseChanges() throws Exception {
        String before = hashTree(root, "drills");
        Instant now = Instant.parse("2026-12-03T10:00:00Z");
        drill(points.get(0), now, false);
        String newest = drill(points.get(0), now.plusSeconds(60), true);
        repository.recordDrill(record(false, "d1", points.get(1), now, false, Optional.empty()), Optional.empty());

        Map<String, DrillEvidence> drills = Repository.open(new DirectoryObjectStore(root))
                .newestDrills(false, Optional.of("d1"));

        assertThat(drills).containsOnlyKeys("d1/" + points.get(0), "d1/" + points.get(1));
        DrillEvidence.Recorded first = (DrillEvidence.Recorded) drills.get("d1/" + points.get(0));
        assertThat(first.key()).isEqualTo(newest).startsWith("drills/points/d1/" + points.get(0) + "/20261203-100100000-");
        assertThat(first.record().passed()).isTrue();
        assertThat(first.record().checks()).extracting(DrillRecord.Check::elapsedMillis).containsExactly(9_000L, 12_000L);
        assertThat(first.screenshotKey()).contains(newest + ".png");
        assertThat(repository.drillScreenshot(first)).isEqualTo(PNG);
        DrillEvidence.Recorded second = (DrillEvidence.Recorded) drills.get("d1/" + points.get(1));
        assertThat(second.record().firstFailure()).get().extracting(DrillRecord.Check::name).isEqualTo("port 7777");
        assertThat(second.screenshotKey()).isEmpty();
        assertThat(repository.newestDrill(false, "d1", points.get(0))).contains(first);
        assertThat(repository.newestDrill(false, "d1", points.get(2))).isEmpty();
        assertThat(repository.newestDrills(false, Optional.empty())).isEqualTo(drills);
        assertThat(hashTree(root, "drills")).isEqualTo(before);
    }

    @Test
    void aCorruptRecordIsUnreadableNamingItsKeyAndACorruptScreenshotFailsItsRead() throws Exception {
        String key = drill(points.get(0), Instant.now(), true);
        String moved = drill(points.get(1), Instant.now(), true);
        flipByte(root.resolve(key), 40);
        Files.createDirectories(root.resolve(RepositoryLayout.drillPrefix(false, "d1", points.get(2))));
        Files.copy(root.resolve(moved), root.resolve(RepositoryLayout.drillPrefix(false, "d1", points.get(2))
                + moved.substring(moved.lastIndexOf('/') + 1)));

        Map<String, DrillEvidence> drills = repository.newestDrills(false, Optional.of("d1"));

        assertThat(drills.get("d1/" + points.get(0))).isEqualTo(new DrillEvidence.Unreadable(key,
                key + ": checksum mismatch (SHA-256 of the frame does not match)"));
        assertThat(drills.get("d1/" + points.get(2))).isInstanceOfSatisfying(DrillEvidence.Unreadable.class,
                unreadable -> assertThat(unreadable.problem()).contains("drill record names disk d1, point "
                        + points.get(1)).endsWith("not its key"));
        DrillEvidence.Recorded good = (DrillEvidence.Recorded) drills.get("d1/" + points.get(1));
        flipByte(root.resolve(good.screenshotKey().orElseThrow()), 14);
        assertThatThrownBy(() -> repository.drillScreenshot(good)).isInstanceOf(CorruptObjectException.class)
                .hasMessageStartingWith(good.screenshotKey().get() + ": checksum mismatch");
    }

    @Test
    void forgettingAPointOrAGroupPointRemovesItsDrillRecords() throws Exception {
        groupPoints();
        drill(points.get(0), Instant.now(), true);
        drill(points.get(1), Instant.now(), true);
        String group = repository.recordDrill(record(true, "vm1", groupPoints.get(0), Instant.now(), true,
                Optional.of(PNG)), Optional.of(PNG));
        repository.recordDrill(record(true, "vm1", groupPoints.get(1), Instant.now(), true, Optional.empty()),
                Optional.empty());

        new Forgetter(repository).point("d1", points.get(0), false);
        new Forgetter(repository).groupPoint("vm1", groupPoints.get(0), false);

        assertThat(repository.newestDrills(false, Optional.of("d1"))).containsOnlyKeys("d1/" + points.get(1));
        assertThat(repository.newestDrills(true, Optional.empty())).containsOnlyKeys("vm1/" + groupPoints.get(1));
        assertThat(root.resolve(group)).doesNotExist();
        assertThat(root.resolve(group + ".png")).doesNotExist();
        assertThat(root.resolve(RepositoryLayout.drillPrefix(false, "d1", points.get(0)))).satisfiesAnyOf(
                path -> assertThat(path).doesNotExist(), path -> assertThat(path).isEmptyDirectory());
    }

    @Test
    void pruneRemovesTheRecordsOfPointsAnOlderForgetLeftBehindAndKeepsTheRest() throws Exception {
        String orphan = drill(points.get(0), Instant.now(), true);
        String kept = drill(points.get(1), Instant.now(), false);
        Path stranger = Files.createDirectories(root.resolve("drills/other")).resolve("object");
        Files.write(stranger, new byte[] {1});
        Files.delete(root.resolve(RepositoryLayout.pointKey("d1", points.get(0)))); // as a format 3 forget does

        new Pruner(repository, PruneOptions.defaults(), Clock.systemUTC(), ProgressListener.NONE).run();

        assertThat(root.resolve(orphan)).doesNotExist();
        assertThat(root.resolve(orphan + ".png")).doesNotExist();
        assertThat(root.resolve(kept)).exists();
        assertThat(root.resolve(kept + ".png")).exists();
        assertThat(stranger).exists();
    }

    @Test
    void verifyAndAPruneDryRunNeitherReadNorDeleteDrillRecordsEvenCorruptOnes() throws Exception {
        String orphan = drill(points.get(0), Instant.now(), true);
        String corrupt = drill(points.get(1), Instant.now(), true);
        flipByte(root.resolve(corrupt), 40);
        Files.delete(root.resolve(RepositoryLayout.pointKey("d1", points.get(0))));
        String before = hashTree(root.resolve("drills"), "none");

        assertThat(new Verifier(repository, ProgressListener.NONE).verify(true).faults()).isEmpty();
        new Pruner(repository, PruneOptions.defaults().withDryRun(true), Clock.systemUTC(),
                ProgressListener.NONE).run();

        assertThat(hashTree(root.resolve("drills"), "none")).isEqualTo(before);
        assertThat(root.resolve(orphan)).exists();
    }

    @Test
    void aFormatThreeRepositoryTakesDrillRecordsWithoutAnUpgrade() throws Exception {
        RepoConfig current = repository.config();
        RepoConfig three = new RepoConfig(3, current.id(), current.created(), current.grainSize(), current.chunkGrains(),
                current.segmentGrains(), current.packTargetBytes(), current.compression(), current.encryption(), null);
        Files.write(root.resolve("config"), Envelope.seal(Envelope.Type.CONFIG, three.toJson(), false));
        Repository old = Repository.open(new DirectoryObjectStore(root));

        String key = old.recordDrill(record(false, "d1", points.get(2), Instant.now(), true, Optional.empty()),
                Optional.empty());

        assertThat(Repository.open(new DirectoryObjectStore(root)).config().format()).isEqualTo(3);
        assertThat(old.newestDrill(false, "d1", points.get(2))).get().extracting(DrillEvidence::key).isEqualTo(key);
    }

    private void groupPoints() throws IOException {
        Path os = SparseImages.create(dir.resolve("os.img"), 1 << 20);
        for (int i = 0; i < 2; i++) {
            SparseImages.scribble(os, random, 1, 0);
            try (FileSource source = FileSource.open(os)) {
                groupPoints.add(new GroupReplicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE)
                        .replicate("vm1", "test:vm1", List.of(new GroupReplicator.Member("os", "vm1-os", source)))
                        .point().id());
            }
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int value = raf.read();
            raf.seek(offset);
            raf.write(value ^ 0x40);
        }
    }

    /** SHA-256 over every file's path and bytes, leaving out the tree under {@code skip}. */
    static String hashTree(Path root, String skip) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(path -> !root.relativize(path).startsWith(skip)).sorted().toList()) {
                sha.update(root.relativize(path).toString().getBytes());
                if (Files.isRegularFile(path)) {
                    sha.update(Files.readAllBytes(path));
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
