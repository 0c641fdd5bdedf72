package io.pilotlight.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.forget.ForgetOptions;
import io.pilotlight.repo.forget.ForgetResult;
import io.pilotlight.repo.forget.Forgetter;
import io.pilotlight.retention.RetentionPolicy;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.testing.SampleRepository;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.ebs.FakeAws;
import io.pilotlight.testing.ebs.FakeTicker;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keep-last 1 with a cloud sync between replications (docs/design.md §19.3): forget keeps the tip of
 * the snapshot chain until a newer point is synced, so the next sync chains on it instead of
 * starting full; once it has, the old tip goes and so does its snapshot.
 */
@Slow
class ChainTipRetentionTest {
    private static final ForgetOptions KEEP_LAST_ONE = new ForgetOptions(
            RetentionPolicy.EMPTY.with("--keep-last", "1"), ZoneId.of("UTC"), false);

    @TempDir
    Path temp;
    FakeAws fake;
    AwsConnection aws;
    SampleRepository sample;
    FakeTicker ticker = new FakeTicker();

    @BeforeEach
    void start() throws Exception {
        fake = FakeAws.start(temp.resolve("fake"));
        aws = new AwsConnection(fake.ebsClient(), fake.ec2Client(), FakeAws.REGION.id(), fake.endpoint().toString());
        sample = new SampleRepository(temp);
    }

    @AfterEach
    void stop() {
        aws.close();
        fake.close();
    }

    SnapshotSync sync() {
        return new SnapshotSync(sample.repository, aws, Retrying.defaults(ticker, "fake"), SyncOptions.defaults(),
                Clock.systemUTC(), ProgressListener.NONE);
    }

    /** Writes one 512 KiB block of random bytes at {@code mib} MiB and replicates. */
    PointInfo changeAndReplicate(int mib) throws Exception {
        byte[] block = new byte[BlockPlan.BLOCK_SIZE];
        new Random(mib).nextBytes(block);
        try (RandomAccessFile file = new RandomAccessFile(sample.image.toFile(), "rw")) {
            file.seek((long) mib << 20);
            file.write(block);
        }
        try (FileSource source = FileSource.open(sample.image)) {
            return new Replicator(sample.repository, new ReplicateOptions(2, 1), ProgressListener.NONE)
                    .replicate("d1", source);
        }
    }

    @Test
    void forgetKeepsTheSyncedTipUntilANewerPointIsSyncedAndTheNextSyncChainsOnIt() throws Exception {
        Forgetter forgetter = new Forgetter(sample.repository);
        SyncResult tip = sync().sync("d1", sample.second.id());
        assertThat(tip.record().parentSnapshotId()).isNull();
        PointInfo third = changeAndReplicate(10);
        PointInfo fourth = changeAndReplicate(30);

        ForgetResult kept = forgetter.disk("d1", KEEP_LAST_ONE);
        assertThat(kept.removedIds()).containsExactly(third.id(), sample.first.id());
        assertThat(kept.points()).filteredOn(verdict -> verdict.id().equals(sample.second.id())).singleElement()
                .satisfies(verdict -> assertThat(verdict.reasons()).containsExactly("tip of the aws snapshot chain"));
        assertThat(new SnapshotRetention(sample.repository, aws, Retrying.defaults(ticker, "fake")).prune("d1"))
                .isEmpty();

        SyncResult next = sync().sync("d1", fourth.id());
        assertThat(next.record().parentSnapshotId()).isEqualTo(tip.record().snapshotId());
        assertThat(next.blocksWritten()).as("the blocks at 10 and 30 MiB").isEqualTo(2);
        assertThat(fake.snapshot(next.record().snapshotId()).writtenHere()).containsExactlyInAnyOrder(20L, 60L);

        ForgetResult after = forgetter.disk("d1", KEEP_LAST_ONE);
        assertThat(after.removedIds()).containsExactly(sample.second.id());
        assertThat(new SnapshotRetention(sample.repository, aws, Retrying.defaults(ticker, "fake")).prune("d1"))
                .containsExactly(tip.record().snapshotId());
        assertThat(sample.repository.cloudRecords("aws").points("d1")).containsExactly(fourth.id());
        assertThat(aws.ec2().describeSnapshots().snapshots()).extracting(s -> s.snapshotId())
                .containsExactly(next.record().snapshotId());
    }
}
