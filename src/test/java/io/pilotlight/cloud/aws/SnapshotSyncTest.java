package io.pilotlight.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.testing.SampleRepository;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.ebs.FakeAws;
import io.pilotlight.testing.ebs.FakeSnapshot;
import io.pilotlight.testing.ebs.FakeTicker;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot sync into the fake EBS endpoint: full, incremental, zeros, idempotency, retries, errors. */
@Slow
class SnapshotSyncTest {
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

    /** The volume a snapshot makes equals the image, block by block. */
    void assertHolds(String snapshotId, Path image) throws Exception {
        FakeSnapshot snapshot = fake.snapshot(snapshotId);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
            for (long index = 0; index < file.length() / FakeSnapshot.BLOCK_SIZE; index++) {
                byte[] expected = new byte[FakeSnapshot.BLOCK_SIZE];
                file.seek(index * FakeSnapshot.BLOCK_SIZE);
                file.readFully(expected);
                assertThat(Arrays.equals(snapshot.read(index), expected)).as("block " + index).isTrue();
            }
        }
    }

    PointInfo replicate() throws Exception {
        try (FileSource source = FileSource.open(sample.image)) {
            return new Replicator(sample.repository, new ReplicateOptions(2, 1), ProgressListener.NONE)
                    .replicate("d1", source);
        }
    }

    @Test
    void theFirstSnapshotIsFullAndTheNextWritesOnlyItsChangedBlock() throws Exception {
        SyncResult first = sync().sync("d1", sample.first.id());
        assertThat(first.blocksWritten()).as("1 MiB at 0, 512 KiB at 5 MiB and at 40 MiB").isEqualTo(4);
        assertThat(first.record().parentSnapshotId()).isNull();
        SyncResult second = sync().sync("d1", sample.second.id());
        assertThat(second.blocksWritten()).as("three grains at 20 MiB, one block").isEqualTo(1);
        assertThat(second.record().parentSnapshotId()).isEqualTo(first.record().snapshotId());
        assertThat(fake.snapshot(second.record().snapshotId()).writtenHere()).containsExactly(40L);
        assertThat(fake.snapshot(second.record().snapshotId()).tags).containsEntry("pilotlight:disk", "d1")
                .containsEntry("pilotlight:point", sample.second.id());
        assertHolds(second.record().snapshotId(), sample.image);

        SyncResult again = sync().sync("d1", "latest");
        assertThat(again.alreadySynced()).isTrue();
        assertThat(again.record()).isEqualTo(second.record());
        assertThat(fake.snapshots()).hasSize(2);
        assertThat(sample.repository.cloudRecords("aws").points("d1")).containsExactly(sample.first.id(),
                sample.second.id());
    }

    @Test
    void blocksThatBecameZeroAreWrittenAsZerosAndAnUnchangedDiskWritesNothing() throws Exception {
        sync().sync("d1", sample.second.id());
        try (RandomAccessFile file = new RandomAccessFile(sample.image.toFile(), "rw")) {
            file.seek(5L << 20);
            file.write(new byte[512 << 10]);
        }
        PointInfo zeroed = replicate();
        SyncResult result = sync().sync("d1", zeroed.id());
        assertThat(result.blocksWritten()).isEqualTo(1);
        assertThat(result.record().zeroBlocksWritten()).isEqualTo(1);
        assertHolds(result.record().snapshotId(), sample.image);
        PointInfo unchanged = replicate();
        assertThat(sync().sync("d1", unchanged.id()).blocksWritten()).isZero();
    }

    @Test
    void throttlingAndTheEarlyNotFoundAreRetried() throws Exception {
        fake.notFoundAfterStart(3);
        fake.throttle("PutSnapshotBlock", 3);
        fake.throttle("StartSnapshot", 1);
        SyncResult result = sync().sync("d1", sample.first.id());
        assertThat(result.blocksWritten()).isEqualTo(4);
        assertThat(fake.calls("PutSnapshotBlock")).isGreaterThanOrEqualTo(4 + 3);
        assertThat(ticker.slept()).isPositive();
        Path first = temp.resolve("first.img");
        new Restorer(sample.repository, ProgressListener.NONE).restore("d1", sample.first.id(), first, false);
        assertHolds(result.record().snapshotId(), first);
    }

    @Test
    void aSnapshotThatEndsInErrorIsDeletedAndMadeAgainUnderTheNextToken() throws Exception {
        fake.errorCompletions(1);
        SyncResult result = sync().sync("d1", sample.first.id());
        assertThat(fake.snapshots()).hasSize(2);
        assertThat(fake.snapshots().get(0).status()).isEqualTo("error");
        assertThat(result.record().snapshotId()).isEqualTo(fake.snapshots().get(1).id);
        fake.errorCompletions(3);
        assertThatThrownBy(() -> sync().sync("d1", sample.second.id())).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.SNAPSHOT_FAILED))
                .hasMessageContaining("ended in error 3 times");
    }

    @Test
    void theSnapshotOfAForgottenPointIsDeletedAndItsChildStillHoldsTheInheritedBlocks() throws Exception {
        SyncResult first = sync().sync("d1", sample.first.id());
        SyncResult second = sync().sync("d1", sample.second.id());
        sample.repository.forget("d1", java.util.List.of(sample.first.id()));
        SnapshotRetention retention = new SnapshotRetention(sample.repository, aws, Retrying.defaults(ticker, "fake"));
        assertThat(retention.prune("d1")).containsExactly(first.record().snapshotId());
        assertThat(aws.ec2().describeSnapshots().snapshots()).extracting(s -> s.snapshotId())
                .containsExactly(second.record().snapshotId());
        assertThat(sample.repository.cloudRecords("aws").points("d1")).containsExactly(sample.second.id());
        assertHolds(second.record().snapshotId(), sample.image);
        assertThat(retention.prune("d1")).isEmpty();
        PointInfo third = replicate();
        assertThat(sync().sync("d1", third.id()).record().parentSnapshotId()).isEqualTo(second.record().snapshotId());
    }

    @Test
    void aThrottlingThatLastsEndsInAClearError() throws Exception {
        fake.throttle("PutSnapshotBlock", 1000);
        assertThatThrownBy(() -> sync().sync("d1", sample.first.id())).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.THROTTLED))
                .hasMessageContaining("PutSnapshotBlock").hasMessageContaining("RequestThrottledException")
                .hasMessageContaining("after 8 attempts");
        assertThat(sample.repository.cloudRecords("aws").get("d1", sample.first.id())).isEqualTo(Optional.empty());
    }
}
