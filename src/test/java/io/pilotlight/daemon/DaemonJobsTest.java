package io.pilotlight.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pilotlight.metrics.DaemonMetrics;
import io.pilotlight.recovery.follow.GroupFollower;
import io.pilotlight.recovery.follow.Verification;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.forget.ForgetOptions;
import io.pilotlight.retention.RetentionPolicy;
import io.pilotlight.schedule.Cancellation;
import io.pilotlight.schedule.FollowerPosition;
import io.pilotlight.schedule.JobContext;
import io.pilotlight.schedule.JobOutcome;
import io.pilotlight.schedule.RunKind;
import io.pilotlight.schedule.Schedule;
import io.pilotlight.schedule.SchedulerSettings;
import io.pilotlight.source.NamedSources;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.testing.FakeTime;
import io.pilotlight.testing.TestImages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's follower and retention jobs, on fake time over a directory repository with real
 * {@code file:} sources: a follower (of a disk, of a group) brings its standby to each new point
 * (hashing equal to the source) and writes nothing when there is none, and tells where the standby stands; a replicate
 * with a retention policy forgets by it after each point, never the newest, and a forget that fails
 * fails the run with its reason.
 */
class DaemonJobsTest {
    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    private static final Schedule EVERY_15M = Schedule.parse("every 15m", ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path repo;
    private Path state;
    private Path source;
    private final FakeTime time = new FakeTime(START);

    @BeforeEach
    void setUp() throws IOException {
        repo = dir.resolve("repo");
        state = dir.resolve("state");
        source = dir.resolve("a.img");
        Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);
        TestImages.create(source, 4 * TestImages.MIB, 8, 3, new Random(1));
    }

    private RepositoryOpener opener(Function<ObjectStore, ObjectStore> around) {
        return new RepositoryOpener() {
            @Override
            public Repository open() throws IOException {
                return Repository.open(around.apply(new DirectoryObjectStore(repo)));
            }

            @Override
            public void close() {
            }
        };
    }

    private Daemon daemon(List<JobPlan> jobs, RepositoryOpener opener) throws IOException {
        DaemonPlan plan = new DaemonPlan(jobs, Map.of("main", opener), new InetSocketAddress("127.0.0.1", 0),
                Optional.empty());
        return new Daemon(plan, new RunJournal(state), SchedulerSettings.defaults(), time, time, Duration.ofMinutes(5),
                new DaemonMetrics(time));
    }

    private List<RunRecord> runsOf(String job) throws IOException {
        return new RunJournal(state).read().stream().filter(run -> run.job().equals(job)).toList();
    }

    private Repository repository() throws IOException {
        return Repository.open(new DirectoryObjectStore(repo));
    }

    @Test
    void aFollowerWritesTheStandbyAtEachNewPointAndNothingBetween() throws Exception {
        Path standby = dir.resolve("standby").resolve("a.img");
        Files.createDirectories(standby.getParent());
        JobPlan.Following follower = new JobPlan.Following("a-dr", "main", Schedule.parse("every 1m", ZoneOffset.UTC),
                false, "a", standby, Verification.SAMPLED);
        Daemon daemon = daemon(List.of(new JobPlan.DiskReplication("a", "main", EVERY_15M, "file:" + source,
                Optional.empty()), follower), opener(store -> store));
        daemon.start();
        time.advanceTo(START.plus(Duration.ofMinutes(1)));
        assertThat(TestImages.contentDigest(standby)).isEqualTo(TestImages.contentDigest(source));

        Path followState = standby.resolveSibling("a.img.pilotlight-follow");
        FileTime imageWritten = Files.getLastModifiedTime(standby);
        FileTime stateWritten = Files.getLastModifiedTime(followState);
        String stateBefore = Files.readString(followState);
        time.advanceTo(START.plus(Duration.ofMinutes(5)));
        assertThat(Files.getLastModifiedTime(standby)).as("no new point: the image is not written")
                .isEqualTo(imageWritten);
        assertThat(Files.getLastModifiedTime(followState)).isEqualTo(stateWritten);
        assertThat(Files.readString(followState)).isEqualTo(stateBefore);

        TestImages.change(source, 300_000, new Random(7));
        time.advanceTo(START.plus(Duration.ofMinutes(16)));
        assertThat(TestImages.contentDigest(standby)).isEqualTo(TestImages.contentDigest(source));
        Manifest held = repository().latest("a").orElseThrow();
        JsonNode standbyStatus = daemon.status().path("followers").get(0);
        assertThat(standbyStatus.path("follower").asText()).isEqualTo("a-dr");
        assertThat(standbyStatus.path("disk").asText()).isEqualTo("a");
        assertThat(standbyStatus.path("standbyPoint").asText()).isEqualTo(held.id());
        assertThat(standbyStatus.path("standbyPointTime").asText()).isEqualTo(Instant.parse(held.created()).toString());
        assertThat(standbyStatus.path("lagSeconds").asLong()).as("points are stamped by the wall clock, the daemon's is fake")
                .isEqualTo(Math.max(0, Duration.between(Instant.parse(held.created()), time.instant()).toSeconds()));
        daemon.shutdown();

        assertThat(runsOf("a-dr")).hasSizeGreaterThanOrEqualTo(16).allSatisfy(run -> {
            assertThat(run.succeeded()).isTrue();
            assertThat(run.kind()).isNotEqualTo("RETRY");
        });
        assertThat(runsOf("a-dr").stream().mapToLong(RunRecord::bytesChanged).sum()).as("bytes written by the polls")
                .isPositive();

        JobOutcome outcome = new PlannedJob(follower, new SharedRepository("main", opener(store -> store)), time)
                .run(new JobContext("a-dr", time.instant(), RunKind.RUN_NOW, 1, new Cancellation()));
        Manifest newest = repository().latest("a").orElseThrow();
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.bytes().changed()).as("the standby holds the newest point already").isZero();
        FollowerPosition position = outcome.follower().orElseThrow();
        assertThat(position.point()).isEqualTo(newest.id());
        assertThat(position.pointCreated()).isEqualTo(Instant.parse(newest.created()));
        assertThat(position.holdsNewest()).isTrue();
        assertThat(position.lagAt(position.pointCreated().plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aGroupFollowerWritesItsDirectoryAtEachNewGroupPointAndLeavesItAloneBetween() throws Exception {
        Path second = dir.resolve("b.img");
        TestImages.create(second, 2 * TestImages.MIB, 4, 2, new Random(2));
        Path standby = dir.resolve("standby-g");
        JobPlan.GroupReplication group = new JobPlan.GroupReplication("g", "main", EVERY_15M, new NamedSources(List.of(
                new NamedSources.Named("sda", "file:" + source), new NamedSources.Named("sdb", "file:" + second))),
                List.of("g-sda", "g-sdb"), Optional.empty());
        JobPlan.Following follower = new JobPlan.Following("g-dr", "main", Schedule.parse("every 1m", ZoneOffset.UTC),
                true, "g", standby, Verification.ALWAYS);
        Daemon daemon = daemon(List.of(group, follower), opener(store -> store));
        daemon.start();
        time.advanceTo(START.plus(Duration.ofMinutes(1)));
        assertThat(TestImages.contentDigest(standby.resolve("sda.img"))).isEqualTo(TestImages.contentDigest(source));
        assertThat(TestImages.contentDigest(standby.resolve("sdb.img"))).isEqualTo(TestImages.contentDigest(second));

        Path groupState = standby.resolve("g.pilotlight-group");
        FileTime stateWritten = Files.getLastModifiedTime(groupState);
        FileTime imageWritten = Files.getLastModifiedTime(standby.resolve("sdb.img"));
        time.advanceTo(START.plus(Duration.ofMinutes(5)));
        assertThat(Files.getLastModifiedTime(groupState)).as("no new group point: nothing written")
                .isEqualTo(stateWritten);
        assertThat(Files.getLastModifiedTime(standby.resolve("sdb.img"))).isEqualTo(imageWritten);

        TestImages.change(second, 100_000, new Random(9));
        time.advanceTo(START.plus(Duration.ofMinutes(16)));
        daemon.shutdown();
        assertThat(TestImages.contentDigest(standby.resolve("sdb.img"))).isEqualTo(TestImages.contentDigest(second));
        assertThat(TestImages.contentDigest(standby.resolve("sda.img"))).isEqualTo(TestImages.contentDigest(source));
        assertThat(runsOf("g-dr")).allSatisfy(run -> assertThat(run.succeeded()).as(run.reason()).isTrue());
        assertThat(GroupFollower.state(standby, "g").orElseThrow().point())
                .isEqualTo(repository().latestGroup("g").orElseThrow().id());
    }

    @Test
    void readersOfARepositoryDoNotTakeTheSlotOfItsWriters() {
        Schedule daily = Schedule.parse("daily 05:00", ZoneOffset.UTC);
        assertThat(new JobPlan.DiskReplication("a", "main", EVERY_15M, "file:" + source, Optional.empty())
                .resourceKeys()).containsExactly("repository:main");
        assertThat(new JobPlan.Following("a-dr", "main", daily, false, "a", dir.resolve("x/../a.img"), Verification.OFF)
                .resourceKeys()).containsExactly("standby:" + dir.resolve("a.img"));
        assertThat(new JobPlan.Drilling("a-boots", "main", daily, io.pilotlight.recovery.drill.DrillOptions.of(
                io.pilotlight.recovery.drill.DrillOptions.Target.disk("a"), dir)).resourceKeys())
                .containsExactly("drills");
    }

    @Test
    void aFollowerBeforeTheFirstPointSucceedsWithAWarning() throws Exception {
        JobPlan.Following follower = new JobPlan.Following("a-dr", "main", Schedule.parse("every 1m", ZoneOffset.UTC),
                false, "a", dir.resolve("a.img.standby"), Verification.OFF);
        JobOutcome outcome = new PlannedJob(follower, new SharedRepository("main", opener(store -> store)), time)
                .run(new JobContext("a-dr", START, RunKind.SLOT, 1, new Cancellation()));
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.reason()).isEqualTo("disk a has no point yet; nothing to follow");
        assertThat(outcome.follower()).isEmpty();
        assertThat(Files.exists(dir.resolve("a.img.standby"))).isFalse();
    }

    @Test
    void retentionForgetsByPolicyAfterEachReplicateAndKeepsTheNewest() throws Exception {
        ForgetOptions keepLastTwo = new ForgetOptions(RetentionPolicy.parse(Map.of("--keep-last", "2")),
                ZoneOffset.UTC, false);
        Daemon daemon = daemon(List.of(new JobPlan.DiskReplication("a", "main", EVERY_15M, "file:" + source,
                Optional.empty(), Optional.of(keepLastTwo))), opener(store -> store));
        daemon.start();
        time.advanceTo(START);
        String first = repository().latest("a").orElseThrow().id();
        time.advanceTo(START.plus(Duration.ofMinutes(15)));
        String second = repository().latest("a").orElseThrow().id();
        assertThat(repository().manifests("a")).extracting(Manifest::id).containsExactlyInAnyOrder(first, second);
        for (int slot = 2; slot <= 4; slot++) {
            TestImages.change(source, 100_000, new Random(slot));
            time.advanceTo(START.plus(Duration.ofMinutes(15L * slot)));
        }
        daemon.shutdown();

        List<Manifest> left = repository().manifests("a");
        Manifest newest = repository().latest("a").orElseThrow();
        assertThat(left).hasSize(2).extracting(Manifest::id).contains(newest.id()).doesNotContain(first, second);
        assertThat(runsOf("a")).hasSize(5).allSatisfy(run -> assertThat(run.succeeded()).isTrue());
    }

    @Test
    void aForgetThatFailsFailsTheRunWithItsReasonAndThePointStays() throws Exception {
        ForgetOptions keepLastOne = new ForgetOptions(RetentionPolicy.parse(Map.of("--keep-last", "1")),
                ZoneOffset.UTC, false);
        Daemon daemon = daemon(List.of(new JobPlan.DiskReplication("a", "main", EVERY_15M, "file:" + source,
                Optional.empty(), Optional.of(keepLastOne))), opener(RefusingPointDeletes::new));
        daemon.start();
        time.advanceTo(START);
        time.advanceTo(START.plus(Duration.ofMinutes(15)));
        daemon.shutdown();

        List<RunRecord> runs = runsOf("a");
        assertThat(runs.get(0).succeeded()).as("one point: nothing to forget").isTrue();
        RunRecord failed = runs.get(1);
        assertThat(failed.succeeded()).isFalse();
        Manifest newest = repository().latest("a").orElseThrow();
        assertThat(failed.reason()).isEqualTo("replicate a: point " + newest.id() + " is committed, but forget by"
                + " policy last 1 (zone Z) failed: " + RefusingPointDeletes.MESSAGE);
        assertThat(repository().manifests("a")).hasSize(2);
    }

    /** A directory store that refuses to delete points' manifests (everything else works). */
    private static final class RefusingPointDeletes implements ObjectStore {
        static final String MESSAGE = "the test refuses to delete points";
        private final ObjectStore store;

        RefusingPointDeletes(ObjectStore store) {
            this.store = store;
        }

        @Override
        public void put(String key, byte[] data) throws IOException {
            store.put(key, data);
        }

        @Override
        public boolean putIfAbsent(String key, byte[] data) throws IOException {
            return store.putIfAbsent(key, data);
        }

        @Override
        public byte[] get(String key) throws IOException {
            return store.get(key);
        }

        @Override
        public byte[] get(String key, long offset, int length) throws IOException {
            return store.get(key, offset, length);
        }

        @Override
        public Optional<io.pilotlight.store.ObjectInfo> stat(String key) throws IOException {
            return store.stat(key);
        }

        @Override
        public List<io.pilotlight.store.ObjectInfo> list(String prefix) throws IOException {
            return store.list(prefix);
        }

        @Override
        public List<io.pilotlight.store.ObjectInfo> list(String prefix, String startAfter) throws IOException {
            return store.list(prefix, startAfter);
        }

        @Override
        public void delete(String key) throws IOException {
            if (key.startsWith("points/")) {
                throw new IOException(MESSAGE);
            }
            store.delete(key);
        }

        @Override
        public void deleteAll(List<String> keys) throws IOException {
            for (String key : keys) {
                delete(key);
            }
        }

        @Override
        public boolean strongPutIfAbsent() {
            return store.strongPutIfAbsent();
        }

        @Override
        public String location() {
            return store.location();
        }
    }
}
