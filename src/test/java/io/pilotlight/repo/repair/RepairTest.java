package io.pilotlight.repo.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Lease;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.check.VerifyReport;
import io.pilotlight.testing.SampleRepository;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repair index|packs|points}: what each repairs, that a dry run writes nothing, and when each refuses. */
class RepairTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();

    /** Every object's key and bytes' hash: a repair that must change nothing leaves this as it was. */
    private Map<String, String> snapshot(SampleRepository sample) throws IOException {
        Map<String, String> objects = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sample.root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                objects.put(sample.root.relativize(file).toString(),
                        io.pilotlight.repo.Hash.of(Files.readAllBytes(file)).hex());
            }
        }
        return objects;
    }

    private VerifyReport verify(SampleRepository sample, boolean readData) throws IOException {
        return new Verifier(sample.reopen(), ProgressListener.NONE).verify(readData);
    }

    @Test
    void aCleanRepositoryNeedsNoRepairAndNothingIsWritten() throws Exception {
        SampleRepository sample = new SampleRepository(dir);
        Map<String, String> before = snapshot(sample);
        assertThat(new IndexRebuild(sample.reopen(), clock).run(false).clean()).isTrue();
        assertThat(new PackSalvage(sample.reopen(), clock).run(false).clean()).isTrue();
        assertThat(new PointRemoval(sample.reopen(), ProgressListener.NONE).run(true, false).clean()).isTrue();
        assertThat(snapshot(sample)).isEqualTo(before);
    }

    @Test
    void anOrphanPackIsCountedByVerifyAndIndexedAgainByRepairIndex() throws Exception {
        SampleRepository sample = new SampleRepository(dir);
        try (Stream<Path> indexes = Files.list(sample.root.resolve("index"))) {
            for (Path index : indexes.toList()) {
                Files.delete(index); // as if every run had been killed between its pack and its index
            }
        }
        VerifyReport orphaned = verify(sample, false);
        assertThat(orphaned.orphanPacks()).isEqualTo(sample.firstPacks.size() + sample.secondPacks.size());
        assertThat(orphaned.harmed()).containsExactlyInAnyOrder("d1/" + sample.first.id(), "d1/" + sample.second.id());

        Map<String, String> before = snapshot(sample);
        RepairResult dryRun = new IndexRebuild(sample.reopen(), clock).run(true);
        assertThat(dryRun.actions()).hasSize(orphaned.orphanPacks()).allSatisfy(a -> assertThat(a)
                .contains("is indexed again from its header"));
        assertThat(snapshot(sample)).as("a dry run writes nothing").isEqualTo(before);
        new IndexRebuild(sample.reopen(), clock).run(false);
        VerifyReport repaired = verify(sample, true);
        assertThat(repaired.faults()).isEmpty();
        assertThat(repaired.orphanPacks()).isZero();
    }

    @Test
    void repairPointsRemovesNothingWhileTheIndexIsIncomplete() throws Exception {
        SampleRepository sample = new SampleRepository(dir);
        try (Stream<Path> indexes = Files.list(sample.root.resolve("index"))) {
            Files.delete(indexes.toList().get(0));
        }
        Map<String, String> before = snapshot(sample);
        RepairResult refused = new PointRemoval(sample.reopen(), ProgressListener.NONE).run(false, false);
        assertThat(refused.actions()).isEmpty();
        assertThat(refused.left()).singleElement().satisfies(l -> assertThat(l).contains("repair index first"));
        assertThat(snapshot(sample)).isEqualTo(before);
        new IndexRebuild(sample.reopen(), clock).run(false);
        assertThat(verify(sample, true).faults()).isEmpty();
        assertThat(new PointRemoval(sample.reopen(), ProgressListener.NONE).run(true, false).clean()).isTrue();
    }

    @Test
    void aTruncatedPackKeepsItsGoodBlobsAndLosesOnlyTheRest() throws Exception {
        SampleRepository sample = new SampleRepository(dir);
        Path pack = sample.file(sample.firstPacks.get(0));
        long data = SampleRepository.dataLength(pack);
        try (RandomAccessFile file = new RandomAccessFile(pack.toFile(), "rw")) {
            file.setLength(data / 2);
        }
        RepairResult index = new IndexRebuild(sample.reopen(), clock).run(false);
        assertThat(index.left()).singleElement().satisfies(l -> assertThat(l).contains("no pack trailer", "entries are kept"));
        Map<String, String> before = snapshot(sample);
        RepairResult dryRun = new PackSalvage(sample.reopen(), clock).run(true);
        assertThat(snapshot(sample)).isEqualTo(before);
        RepairResult packs = new PackSalvage(sample.reopen(), clock).run(false);
        assertThat(packs.actions()).isEqualTo(dryRun.actions()).singleElement().satisfies(a -> assertThat(a)
                .contains(sample.firstPacks.get(0), "good blob(s) copied", "past the end of the pack"));
        assertThat(pack).doesNotExist();
        VerifyReport report = verify(sample, true);
        assertThat(report.orphanPacks()).isZero();
        assertThat(report.faults()).isNotEmpty().allSatisfy(f -> assertThat(f).contains("is in no index"));
        assertThat(report.faults()).noneSatisfy(f -> assertThat(f).contains("offset 0x0:"));
    }

    @Test
    void indexAndPackRepairsRefuseWhileAWriterHoldsALease() throws Exception {
        SampleRepository sample = new SampleRepository(dir);
        Repository repository = sample.reopen();
        try (Lease lease = repository.lease("d1")) {
            RepositoryException index = catchThrowableOfType(() -> new IndexRebuild(repository, clock).run(false),
                    RepositoryException.class);
            assertThat(index.kind()).isEqualTo(RepositoryException.Kind.LOCKED);
            assertThat(index).hasMessageContaining("writer lease(s)");
            RepositoryException packs = catchThrowableOfType(() -> new PackSalvage(repository, clock).run(false),
                    RepositoryException.class);
            assertThat(packs.kind()).isEqualTo(RepositoryException.Kind.LOCKED);
            assertThat(new IndexRebuild(repository, clock).run(true).clean()).as("a dry run takes no lease").isTrue();
        }
        assertThat(new IndexRebuild(repository, clock).run(false).clean()).isTrue();
    }
}
