package io.pilotlight.status;

import io.pilotlight.daemon.Daemon;
import io.pilotlight.daemon.DaemonPlan;
import io.pilotlight.daemon.JobPlan;
import io.pilotlight.daemon.RepositoryOpener;
import io.pilotlight.daemon.RunJournal;
import io.pilotlight.daemon.RunRecord;
import io.pilotlight.metrics.DaemonMetrics;
import io.pilotlight.recovery.follow.Verification;
import io.pilotlight.repo.DrillRecord;
import io.pilotlight.repo.Repository;
import io.pilotlight.schedule.Schedule;
import io.pilotlight.schedule.SchedulerSettings;
import io.pilotlight.source.NamedSources;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.FakeTime;
import io.pilotlight.testing.TestImages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A daemon in-process on fake time for the status page's tests: disk {@code db-1} (every 15m, RPO
 * 20m) followed by {@code db-1-dr}, group {@code web} of two disks (every 15m, RPO 1h), a weekly
 * verify, all from real {@code file:} sources into a directory repository. With {@code history}, the
 * journal first holds a day of runs of both (an outage of db-1 in it) so the charts have a past.
 */
final class StatusDaemon implements AutoCloseable {
    /**
     * Fake time starts at the real time: the replicator stamps each point with the real clock, so the
     * ages the page shows are fake time minus (nearly) the start.
     */
    final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final FakeTime time = new FakeTime(start);
    final Daemon daemon;
    private final Path dir;
    private final InetSocketAddress listen;

    StatusDaemon(Path dir, InetSocketAddress listen, Optional<String> token, Duration refresh, boolean history)
            throws IOException {
        this.dir = dir;
        this.listen = listen;
        Path repo = dir.resolve("repo");
        Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);
        TestImages.create(dir.resolve("db-1.img"), 4 * TestImages.MIB, 8, 3, new Random(1));
        TestImages.create(dir.resolve("web-sda.img"), 2 * TestImages.MIB, 4, 2, new Random(2));
        TestImages.create(dir.resolve("web-sdb.img"), 2 * TestImages.MIB, 4, 2, new Random(3));
        RunJournal journal = new RunJournal(dir.resolve("state"));
        if (history) {
            seed(journal, start);
        }
        RepositoryOpener opener = new RepositoryOpener() {
            @Override
            public Repository open() throws IOException {
                return Repository.open(new DirectoryObjectStore(repo));
            }

            @Override
            public void close() {
            }
        };
        DaemonPlan plan = new DaemonPlan(jobs(), Map.of("main", opener), listen, token, 4, 2, refresh);
        daemon = new Daemon(plan, journal, SchedulerSettings.defaults(), time, time, Duration.ofMinutes(1),
                new DaemonMetrics(time));
    }

    private List<JobPlan> jobs() {
        Schedule every15m = Schedule.parse("every 15m", ZoneOffset.UTC);
        return List.of(
                new JobPlan.DiskReplication("db-1", "main", every15m, "file:" + dir.resolve("db-1.img"),
                        Optional.of(Duration.ofMinutes(20))),
                new JobPlan.GroupReplication("web", "main", every15m, new NamedSources(List.of(
                        new NamedSources.Named("sda", "file:" + dir.resolve("web-sda.img")),
                        new NamedSources.Named("sdb", "file:" + dir.resolve("web-sdb.img")))),
                        List.of("web-sda", "web-sdb"), Optional.of(Duration.ofHours(1))),
                new JobPlan.Following("db-1-dr", "main", Schedule.parse("every 5m", ZoneOffset.UTC), false, "db-1",
                        dir.resolve("standby-db-1.img"), Verification.SAMPLED),
                new JobPlan.Verification("weekly-check", "main", Schedule.parse("weekly sat 03:00", ZoneOffset.UTC),
                        false));
    }

    /** A day of 15-minute runs before the start; db-1's source was gone for three hours of it. */
    private static void seed(RunJournal journal, Instant start) throws IOException {
        for (Instant slot = start.minus(Duration.ofDays(1)); slot.isBefore(start); slot = slot.plus(Duration.ofMinutes(15))) {
            long hoursAgo = Duration.between(slot, start).toHours();
            boolean outage = hoursAgo >= 7 && hoursAgo < 10;
            journal.append(new RunRecord("db-1", "SLOT", slot, slot.plusSeconds(outage ? 2 : 40), !outage,
                    outage ? "replicate db-1 failed: cannot open /srv/images/db-1.img: No such file or directory" : "",
                    outage ? 0 : 4L << 20, outage ? 0 : 300_000, outage ? 0 : 120_000, ""));
            journal.append(new RunRecord("web", "SLOT", slot, slot.plusSeconds(25), true, "", 4L << 20, 200_000,
                    90_000, ""));
        }
    }

    /** Starts the daemon and lets the catch-up runs of the start happen. */
    StatusDaemon start() throws IOException {
        daemon.start();
        time.advanceTo(start.plus(Duration.ofMinutes(1)));
        return this;
    }

    /** Records a drill of db-1's newest point as a drill run would, passed or not, started {@code secondsAgo}. */
    void recordDrill(boolean passed, int secondsAgo) throws IOException {
        Repository repository = Repository.open(new DirectoryObjectStore(dir.resolve("repo")));
        String point = repository.latest("db-1").orElseThrow().id();
        Instant started = time.instant().minusSeconds(secondsAgo);
        repository.recordDrill(new DrillRecord(DrillRecord.FORMAT, Repository.newPointId(started, Optional.empty()),
                DrillRecord.DISK, "db-1", point, List.of(new DrillRecord.Disk("db-1", point)), started.toString(),
                31_000, passed, "tcg", "asked for", List.of(new DrillRecord.Check("heartbeat", passed, 14_200,
                passed ? "serial: PILOTLIGHT-HEARTBEAT" : "no serial line matched within 14.2 s")),
                List.of("login:"), "test", null, List.of()), Optional.empty());
    }

    /** db-1's source goes missing, and time runs on past its RPO: its runs fail and its newest point ages. */
    void makeDiskLate() throws IOException {
        Files.move(dir.resolve("db-1.img"), dir.resolve("db-1.gone"));
        time.advanceTo(start.plus(Duration.ofMinutes(30)));
    }

    /** {@code http://HOST:PORT/PATH} of the daemon's listener. */
    String url(String path) {
        String host = listen.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + daemon.port() + path;
    }

    @Override
    public void close() throws InterruptedException {
        daemon.shutdown();
    }
}
