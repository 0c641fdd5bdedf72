package io.pilotlight.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.testing.SampleRepository;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which blocks a snapshot writes, from the points' maps alone. */
class BlockPlanTest {
    @TempDir
    Path temp;

    Manifest manifest(SampleRepository sample, PointInfo point) throws Exception {
        return sample.repository.manifest("d1", point.id());
    }

    @Test
    void aFirstSnapshotWritesTheBlocksHoldingDataAndAnEncryptedOneEveryBlock() throws Exception {
        SampleRepository sample = new SampleRepository(temp);
        BlockPlan plain = BlockPlan.full(sample.repository, manifest(sample, sample.first), false);
        assertThat(plain.blocks()).containsExactly(0, 1, 10, 80);
        assertThat(plain.volumeSizeGib()).isEqualTo(1);
        BlockPlan encrypted = BlockPlan.full(sample.repository, manifest(sample, sample.first), true);
        assertThat(encrypted.size()).as("1 GiB of 512 KiB blocks: random bytes otherwise").isEqualTo(2048);
    }

    @Test
    void aSnapshotOnAParentWritesTheBlocksOfChangedGrainsZerosIncluded() throws Exception {
        SampleRepository sample = new SampleRepository(temp);
        Manifest first = manifest(sample, sample.first);
        Manifest second = manifest(sample, sample.second);
        assertThat(BlockPlan.incremental(sample.repository, first, 1, second, false).blocks()).containsExactly(40);
        assertThat(BlockPlan.incremental(sample.repository, second, 1, second, false).size()).isZero();
        try (RandomAccessFile file = new RandomAccessFile(sample.image.toFile(), "rw")) {
            file.seek((5L << 20) + 65536);
            file.write(new byte[65536]);
        }
        PointInfo third;
        try (FileSource source = FileSource.open(sample.image)) {
            third = new Replicator(sample.repository, new ReplicateOptions(2, 1), ProgressListener.NONE)
                    .replicate("d1", source);
        }
        assertThat(BlockPlan.incremental(sample.repository, second, 1, manifest(sample, third), false).blocks())
                .as("one grain became zero").containsExactly(10);
    }

    @Test
    void anEncryptedChildWritesEveryBlockItsParentsVolumeDidNotHave() throws Exception {
        SampleRepository sample = new SampleRepository(temp);
        Manifest second = manifest(sample, sample.second);
        BlockPlan plan = BlockPlan.incremental(sample.repository, second, 1, second, true);
        assertThat(plan.size()).isZero();
        assertThat(BlockPlan.volumeSizeGib(1)).isEqualTo(1);
        assertThat(BlockPlan.volumeSizeGib((1L << 30) + 1)).isEqualTo(2);
    }
}
