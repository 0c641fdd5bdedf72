package io.pilotlight.repo.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.testing.SampleRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {
    @TempDir
    Path dir;

    @Test
    void aCleanRepositoryHasNoFaults() throws Exception {
        SampleRepository sample = new SampleRepository(dir);
        VerifyReport report = new Verifier(sample.reopen(), ProgressListener.NONE).verify(true);
        assertThat(report.faults()).isEmpty();
        assertThat(report.points()).isEqualTo(2);
        assertThat(report.packs()).isEqualTo(sample.firstPacks.size() + sample.secondPacks.size());
    }

    /**
     * A byte changed anywhere in a pack is found with --read-data; when it is in a blob, the fault
     * names the disk, the point and the offset it harms.
     */
    @Test
    void aFlippedByteInAPackIsFoundAndLocated() throws Exception {
        SampleRepository sample = new SampleRepository(dir);
        Path pack = sample.file(sample.firstPacks.get(0));
        long size = Files.size(pack);
        long data = SampleRepository.dataLength(pack);
        Random random = new Random(17);
        long[] positions = {0, data - 1, random.nextLong(data), random.nextLong(data), random.nextLong(data),
                data + random.nextLong(size - data), size - 1};
        for (long position : positions) {
            SampleRepository.flipByte(pack, position);
            VerifyReport report = new Verifier(sample.reopen(), ProgressListener.NONE).verify(true);
            assertThat(report.faults()).as("byte %d of %d", position, size)
                    .anySatisfy(fault -> assertThat(fault).contains(sample.firstPacks.get(0), "checksum mismatch"));
            if (position < data) {
                assertThat(report.faults()).as("byte %d", position).anySatisfy(fault -> assertThat(fault)
                        .containsPattern("point " + sample.first.id() + " of disk d1, offsets? 0x[0-9a-f]+"));
            }
            SampleRepository.flipByte(pack, position);
        }
        assertThat(new Verifier(sample.reopen(), ProgressListener.NONE).verify(true).faults()).isEmpty();
    }

    @Test
    void aMissingPackIsNamedWithoutReadingData() throws Exception {
        SampleRepository sample = new SampleRepository(dir);
        String key = sample.secondPacks.get(0);
        Files.delete(sample.file(key));
        VerifyReport report = new Verifier(sample.reopen(), ProgressListener.NONE).verify(false);
        assertThat(report.faults()).isNotEmpty().allSatisfy(fault -> assertThat(fault)
                .startsWith("point " + sample.second.id() + " of disk d1, offset")
                .contains("pack " + key).contains("is missing"));
    }

    /**
     * Issue 19: verify stopped at the first damaged manifest (exit 5) and reported nothing else. Now
     * a damaged manifest, a damaged index file and a missing pack are each reported, with the points
     * each makes unrestorable; the damaged manifest's disk is still listed by points.
     */
    @Test
    void everyFaultIsReportedWithWhatItHarms() throws Exception {
        SampleRepository sample = new SampleRepository(dir);
        SampleRepository.flipByte(sample.file("points/d1/" + sample.second.id()), 40);
        Files.delete(sample.file(sample.firstPacks.get(0)));
        VerifyReport report = new Verifier(sample.reopen(), ProgressListener.NONE).verify(true);
        assertThat(report.faults()).anySatisfy(f -> assertThat(f).startsWith("point " + sample.second.id()
                + " of disk d1: its manifest cannot be read"));
        assertThat(report.faults()).anySatisfy(f -> assertThat(f).startsWith("point " + sample.first.id()
                + " of disk d1").contains("is missing"));
        assertThat(report.harmed()).containsExactly("d1/" + sample.first.id(), "d1/" + sample.second.id());
        assertThat(report.points()).as("readable points").isEqualTo(1);

        var listed = sample.reopen().readablePoints(java.util.Optional.empty());
        assertThat(listed.read()).extracting(p -> p.id()).containsExactly(sample.first.id());
        assertThat(listed.unreadable()).containsOnlyKeys("d1/" + sample.second.id());
    }

    @Test
    void aDamagedIndexFileIsAFaultNotTheEndOfTheCheck() throws Exception {
        SampleRepository sample = new SampleRepository(dir);
        Path index;
        try (var files = Files.list(sample.root.resolve("index"))) {
            index = files.sorted().findFirst().orElseThrow();
        }
        SampleRepository.flipByte(index, 20);
        VerifyReport report = new Verifier(sample.reopen(), ProgressListener.NONE).verify(true);
        assertThat(report.faults()).first().asString().startsWith("index file index/").contains("is damaged");
        assertThat(report.faults()).anySatisfy(f -> assertThat(f).contains("is in no index"));
        assertThat(report.orphanPacks()).as("its packs look orphaned").isPositive();
        assertThat(report.points()).isEqualTo(2);
    }
}
