package io.pilotlight.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.cloud.aws.AwsConnection;
import io.pilotlight.cloud.aws.SyncOptions;
import io.pilotlight.metrics.DaemonMetrics;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.forget.ForgetOptions;
import io.pilotlight.retention.RetentionPolicy;
import io.pilotlight.schedule.Schedule;
import io.pilotlight.schedule.SchedulerSettings;
import io.pilotlight.source.NamedSources;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.FakeTime;
import io.pilotlight.testing.TestImages;
import io.pilotlight.testing.ebs.AwsError;
import io.pilotlight.testing.ebs.FakeAws;
import io.pilotlight.testing.ebs.FakeSnapshot;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon (fake clock, directory repository, real {@code file:} source) with a replicate job and a
 * cloud sync job against the fake EC2 + EBS endpoint: each new point becomes a snapshot on the last
 * (the second writes only the blocks that changed), a poll without a new point asks AWS nothing, and
 * a failure names the AWS error.
 */
class DaemonCloudSyncTest {
    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    private static final int BLOCK = FakeSnapshot.BLOCK_SIZE;

    @TempDir
    Path dir;

    private Path repo;
    private Path state;
    private Path source;
    private FakeAws fake;
    private final FakeTime time = new FakeTime(START);

    @BeforeEach
    void setUp() throws IOException {
        repo = dir.resolve("repo");
        state = dir.resolve("state");
        source = dir.resolve("a.img");
        Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);
        TestImages.create(source, 16 * TestImages.MIB, 32, 8, new Random(1));
        fake = FakeAws.start(dir.resolve("fake"));
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private Daemon daemon() throws IOException {
        return daemon(Optional.empty());
    }

    private AwsConnection connection() {
        return new AwsConnection(fake.ebsClient(), fake.ec2Client(), FakeAws.REGION.id(), fake.endpoint().toString());
    }

    private Daemon daemon(Optional<ForgetOptions> retention) throws IOException {
        JobPlan.DiskReplication replicate = new JobPlan.DiskReplication("a", "main",
                Schedule.parse("every 15m", ZoneOffset.UTC), "file:" + source, Optional.empty(), retention);
        JobPlan.CloudSync sync = new JobPlan.CloudSync("a-ebs", "main", Schedule.parse("every 5m", ZoneOffset.UTC),
                false, "a", SyncOptions.defaults(), this::connection);
        return daemon(replicate, sync);
    }

    private Daemon daemon(JobPlan replicate, JobPlan sync) throws IOException {
        RepositoryOpener opener = new RepositoryOpener() {
            @Override
            public Repository open() throws IOException {
                return Repository.open(new DirectoryObjectStore(repo));
            }

            @Override
            public void close() {
            }
        };
        DaemonPlan plan = new DaemonPlan(List.of(replicate, sync), Map.of("main", opener),
                new InetSocketAddress("127.0.0.1", 0), Optional.empty());
        return new Daemon(plan, new RunJournal(state), SchedulerSettings.defaults(), time, time, Duration.ofMinutes(5),
                new DaemonMetrics(time));
    }

    private List<RunRecord> runsOf(String job) throws IOException {
        return new RunJournal(state).read().stream().filter(run -> run.job().equals(job)).toList();
    }

    @Test
    void eachNewPointBecomesASnapshotOnTheLastAndNoNewPointAsksAwsNothing() throws Exception {
        Daemon daemon = daemon();
        daemon.start();
        time.advanceTo(START.plus(Duration.ofMinutes(6)));
        Repository repository = Repository.open(new DirectoryObjectStore(repo));
        Manifest first = repository.latest("a").orElseThrow();
        assertThat(fake.snapshots()).hasSize(1);
        FakeSnapshot full = fake.snapshots().get(0);
        assertThat(full.parent).isNull();
        assertThat(full.tags).containsEntry("pilotlight:point", first.id());
        assertHolds(full, source);
        long fullBlocks = fake.blocksPut();

        long requests = fake.calls("StartSnapshot") + fake.calls("DescribeSnapshots");
        time.advanceTo(START.plus(Duration.ofMinutes(11)));
        assertThat(fake.snapshots()).as("no new point: no snapshot").hasSize(1);
        assertThat(fake.blocksPut()).isEqualTo(fullBlocks);
        assertThat(fake.calls("StartSnapshot") + fake.calls("DescribeSnapshots")).isEqualTo(requests);
        assertThat(runsOf("a-ebs").get(runsOf("a-ebs").size() - 1).reason()).isEqualTo("no new point to sync");

        byte[] before = Files.readAllBytes(source);
        TestImages.change(source, 200_000, new Random(7));
        long changedBlocks = changedBlocks(before, Files.readAllBytes(source));
        time.advanceTo(START.plus(Duration.ofMinutes(21)));
        daemon.shutdown();

        assertThat(fake.snapshots()).hasSize(2);
        FakeSnapshot second = fake.snapshots().get(1);
        assertThat(second.parent).isSameAs(full);
        assertThat(second.tags).containsEntry("pilotlight:point", repository.latest("a").orElseThrow().id());
        assertThat(second.writtenHere()).as("only the changed blocks").hasSize((int) changedBlocks);
        assertThat(changedBlocks).isPositive().isLessThan(fullBlocks);
        assertThat(fake.blocksPut() - fullBlocks).isEqualTo(changedBlocks);
        assertHolds(second, source);
        assertThat(runsOf("a-ebs")).allSatisfy(run -> assertThat(run.succeeded()).as(run.reason()).isTrue());
        RunRecord syncedSecond = runsOf("a-ebs").stream().filter(run -> run.reason().startsWith("synced"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(syncedSecond.reason()).isEqualTo("synced 1 point, " + changedBlocks + " blocks of 512 KiB written");
        assertThat(syncedSecond.bytesChanged()).isEqualTo(changedBlocks * BLOCK);
        assertThat(repository.cloudRecords("aws").points("a")).hasSize(2);
    }

    @Test
    void theSnapshotOfAForgottenPointIsDeletedAndTheChainGoesOn() throws Exception {
        ForgetOptions keepLastTwo = new ForgetOptions(RetentionPolicy.parse(Map.of("--keep-last", "2")),
                ZoneOffset.UTC, false);
        Daemon daemon = daemon(Optional.of(keepLastTwo));
        daemon.start();
        time.advanceTo(START.plus(Duration.ofMinutes(6)));
        TestImages.change(source, 100_000, new Random(3));
        time.advanceTo(START.plus(Duration.ofMinutes(21)));
        TestImages.change(source, 100_000, new Random(4));
        time.advanceTo(START.plus(Duration.ofMinutes(36)));
        daemon.shutdown();

        assertThat(fake.snapshots()).hasSize(3);
        FakeSnapshot first = fake.snapshots().get(0);
        FakeSnapshot third = fake.snapshots().get(2);
        assertThat(first.deleted()).as("its point was forgotten at the third replicate").isTrue();
        assertThat(third.parent).isSameAs(fake.snapshots().get(1));
        assertHolds(third, source);
        Repository repository = Repository.open(new DirectoryObjectStore(repo));
        assertThat(repository.cloudRecords("aws").points("a")).containsExactlyElementsOf(
                repository.manifests("a").stream().map(Manifest::id).toList());
        assertThat(runsOf("a-ebs")).anySatisfy(run -> assertThat(run.reason()).endsWith(
                "; deleted 1 snapshot of forgotten points: " + first.id));
        assertThat(runsOf("a-ebs")).allSatisfy(run -> assertThat(run.succeeded()).as(run.reason()).isTrue());
    }

    @Test
    void aGroupSyncMakesAChainPerMemberDisk() throws Exception {
        Path second = dir.resolve("b.img");
        TestImages.create(second, 8 * TestImages.MIB, 16, 4, new Random(2));
        JobPlan.GroupReplication group = new JobPlan.GroupReplication("g", "main",
                Schedule.parse("every 15m", ZoneOffset.UTC), new NamedSources(List.of(new NamedSources.Named("sda",
                        "file:" + source), new NamedSources.Named("sdb", "file:" + second))), List.of("g-sda", "g-sdb"),
                Optional.empty());
        Daemon daemon = daemon(group, new JobPlan.CloudSync("g-ebs", "main", Schedule.parse("every 5m",
                ZoneOffset.UTC), true, "g", SyncOptions.defaults(), this::connection));
        daemon.start();
        time.advanceTo(START.plus(Duration.ofMinutes(6)));
        TestImages.change(second, 100_000, new Random(5));
        time.advanceTo(START.plus(Duration.ofMinutes(21)));
        daemon.shutdown();

        Repository repository = Repository.open(new DirectoryObjectStore(repo));
        assertThat(fake.snapshots()).hasSize(4);
        for (GroupPoint point : repository.groupPoints("g")) {
            for (GroupPoint.Member member : point.disks()) {
                assertThat(fake.snapshots()).filteredOn(snapshot -> member.point().equals(
                        snapshot.tags.get("pilotlight:point")) && member.disk().equals(snapshot.tags.get(
                        "pilotlight:disk"))).hasSize(1);
            }
        }
        String newestPoint = repository.latest("g-sdb").orElseThrow().id();
        FakeSnapshot newestB = fake.snapshots().stream().filter(snapshot -> snapshot.tags.get("pilotlight:point")
                .equals(newestPoint)).findFirst().orElseThrow();
        assertThat(newestB.parent).isNotNull();
        assertHolds(newestB, second);
        assertThat(runsOf("g-ebs")).allSatisfy(run -> assertThat(run.succeeded()).as(run.reason()).isTrue());
    }

    @Test
    void aFailedSyncNamesTheAwsError() throws Exception {
        fake.fail("StartSnapshot", new AwsError(403, "AccessDeniedException", null, "not allowed to StartSnapshot"), 1);
        Daemon daemon = daemon();
        daemon.start();
        time.advanceTo(START.plus(Duration.ofMinutes(6)));
        daemon.shutdown();
        RunRecord failed = runsOf("a-ebs").stream().filter(run -> !run.succeeded()).findFirst().orElseThrow();
        assertThat(failed.reason()).startsWith("cloud-sync a-ebs failed: point a/").contains("AccessDenied")
                .contains("not allowed to StartSnapshot");
    }

    private static long changedBlocks(byte[] before, byte[] after) {
        long changed = 0;
        for (int at = 0; at < before.length; at += BLOCK) {
            if (!Arrays.equals(before, at, at + BLOCK, after, at, at + BLOCK)) {
                changed++;
            }
        }
        return changed;
    }

    /** The volume the snapshot makes equals the image, block by block. */
    private static void assertHolds(FakeSnapshot snapshot, Path image) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
            for (long index = 0; index < file.length() / BLOCK; index++) {
                byte[] expected = new byte[BLOCK];
                file.seek(index * BLOCK);
                file.readFully(expected);
                assertThat(Arrays.equals(snapshot.read(index), expected)).as("block " + index).isTrue();
            }
        }
    }
}
