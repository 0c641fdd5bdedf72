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
}
