package io.pilotlight.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pilotlight.metrics.DaemonMetrics;
import io.pilotlight.metrics.PrometheusText;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.schedule.Schedule;
import io.pilotlight.schedule.SchedulerSettings;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.FakeTime;
import io.pilotlight.testing.TestImages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon in-process on fake time over a directory repository, its {@code /metrics} scraped
 * over HTTP: freshness from committed points only (a failed run leaves the age growing), a restart
 * after downtime showing the true age at once, the {@code _total} counters, and a reload dropping
 * the series of a removed job and disk.
 *
 * <p>Points take their time from the wall clock (the replicator's), the daemon's age from the fake
 * clock; the fake time starts at the next full hour, after every point's time, and each expected age
 * is computed from the committed manifest and the fake clock, so the checks are exact.
 */
class DaemonMetricsEndpointTest {
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    private static final Duration RPO = Duration.ofMinutes(30);

    @TempDir
    Path dir;

    private Path repo;
    private Path state;
    private final FakeTime time = new FakeTime(START);
    private final HttpClient http = HttpClient.newHttpClient();
    private final DaemonMetrics metrics = new DaemonMetrics(time);

    @BeforeEach
    void setUp() throws IOException {
        repo = dir.resolve("repo");
        state = dir.resolve("state");
        Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);
        TestImages.create(dir.resolve("a.img"), 4 * TestImages.MIB, 8, 3, new Random(1));
        TestImages.create(dir.resolve("b.img"), 4 * TestImages.MIB, 8, 3, new Random(2));
    }

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    @Test
    void freshnessCountsCommittedPointsOnlyAndAFailedRunLeavesTheAgeGrowing() throws Exception {
        Daemon daemon = daemon(plan("a", "b"), metrics);
        daemon.start();
        time.advanceTo(START);
        PrometheusText first = scrape(daemon);
        Manifest b = newest("b");
        assertFreshness(first, "a", newest("a"));
        assertFreshness(first, "b", b);
        assertThat(first.get("pilotlight_disk_rpo_target_seconds", disk("b"))).isEqualTo(1800);
        assertThat(first.get("pilotlight_job_info", Map.of("job_name", "b", "kind", "replicate",
                "schedule", "every 15m"))).isEqualTo(1);
        assertThat(first.get("pilotlight_job_runs_total", runs("b", "success"))).isEqualTo(1);
        RunRecord bRun = new RunJournal(state).read().stream().filter(run -> run.job().equals("b")).findFirst()
                .orElseThrow();
        assertThat(first.get("pilotlight_job_read_bytes_total", job("b"))).isEqualTo(bRun.bytesRead()).isPositive();
        assertThat(first.get("pilotlight_job_stored_bytes_total", job("b"))).isEqualTo(bRun.bytesStored());
        assertThat(first.get("pilotlight_job_last_run_success", job("b"))).isEqualTo(1);
        assertThat(first.get("pilotlight_job_catch_ups_total", job("b"))).isEqualTo(1);
        assertThat(first.samples()).anyMatch(sample -> sample.name().equals("jvm_memory_used_bytes"));

        Files.move(dir.resolve("b.img"), dir.resolve("b.moved"));
        time.advanceTo(START.plus(Duration.ofMinutes(50)));
        PrometheusText later = scrape(daemon);
        assertThat(newest("b").id()).isEqualTo(b.id());
        assertFreshness(later, "b", b);
        assertThat(later.get("pilotlight_disk_rpo_seconds", disk("b")))
                .isGreaterThan(first.get("pilotlight_disk_rpo_seconds", disk("b")) + 45 * 60);
        assertThat(later.get("pilotlight_disk_rpo_ratio", disk("b"))).isGreaterThan(1);
        assertThat(later.get("pilotlight_job_runs_total", runs("b", "failure"))).isGreaterThanOrEqualTo(3);
        assertThat(later.get("pilotlight_job_last_run_success", job("b"))).isZero();
        assertFreshness(later, "a", newest("a"));
        assertThat(later.get("pilotlight_disk_newest_point_timestamp_seconds", disk("a")))
                .isGreaterThan(first.get("pilotlight_disk_newest_point_timestamp_seconds", disk("a")));
        assertThat(later.get("pilotlight_job_runs_total", runs("a", "success"))).isEqualTo(4);
        daemon.shutdown();
    }

    @Test
    void aRestartAfterDowntimeShowsTheTrueAgeAtOnce() throws Exception {
        try (DaemonMetrics before = new DaemonMetrics(time)) {
            Daemon first = daemon(plan("a"), before);
            first.start();
            time.advanceTo(START);
            first.shutdown();
        }
        Manifest a = newest("a");
        Files.move(dir.resolve("a.img"), dir.resolve("a.moved")); // the catch-up after the downtime fails
        time.advanceTo(START.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(5)));

        Daemon second = daemon(plan("a"), metrics);
        second.start();
        time.advance(Duration.ZERO);
        PrometheusText scrape = scrape(second);
        assertFreshness(scrape, "a", a);
        assertThat(scrape.get("pilotlight_disk_rpo_seconds", disk("a"))).isGreaterThan(3 * 3600 - 1);
        assertThat(scrape.get("pilotlight_disk_rpo_ratio", disk("a"))).isGreaterThan(5.9);
        assertThat(scrape.get("pilotlight_job_last_run_success", job("a"))).isZero();
        assertThat(scrape.get("pilotlight_job_runs_total", runs("a", "failure"))).isEqualTo(1);
        assertThat(scrape.value("pilotlight_job_runs_total", runs("a", "success"))).hasValue(0.0);
        second.shutdown();
    }

    @Test
    void aRestartShowsTheLastRunOnRecordBeforeAnyRunEnds() throws Exception {
        try (DaemonMetrics before = new DaemonMetrics(time)) {
            Daemon first = daemon(plan("a"), before);
            first.start();
            time.advanceTo(START);
            first.shutdown();
        }
        RunRecord last = new RunJournal(state).read().get(0);

        Daemon second = daemon(plan("a"), metrics);
        second.start(); // a's next slot is 15 minutes away: nothing runs
        PrometheusText scrape = scrape(second);
        assertThat(scrape.get("pilotlight_job_last_run_success", job("a"))).isEqualTo(1);
        assertThat(scrape.get("pilotlight_job_last_run_timestamp_seconds", job("a")))
                .isCloseTo(last.end().getEpochSecond(), within(1.0));
        assertThat(scrape.value("pilotlight_job_runs_total", runs("a", "success"))).hasValue(0.0);
        second.shutdown();
    }

    @Test
    void aReloadRemovesTheSeriesOfARemovedJobAndItsDisk() throws Exception {
        Daemon daemon = daemon(plan("a", "b"), metrics);
        daemon.start();
        time.advanceTo(START);
        assertThat(scrape(daemon).value("pilotlight_disk_rpo_seconds", disk("b"))).isPresent();

        daemon.reload(plan("a"));
        PrometheusText scrape = scrape(daemon);
        assertThat(scrape.samples()).noneMatch(sample -> "b".equals(sample.labels().get("job_name"))
                || "b".equals(sample.labels().get("disk")));
        assertThat(scrape.get("pilotlight_job_info", Map.of("job_name", "a", "kind", "replicate",
                "schedule", "every 15m"))).isEqualTo(1);
        assertFreshness(scrape, "a", newest("a"));
        daemon.shutdown();
    }

    private void assertFreshness(PrometheusText scrape, String disk, Manifest newest) {
        Instant created = Instant.parse(newest.created());
        assertThat(scrape.get("pilotlight_disk_newest_point_timestamp_seconds", disk(disk)))
                .isCloseTo(created.getEpochSecond() + created.getNano() / 1e9, within(1e-3));
        double age = Math.max(0, Duration.between(created, time.instant()).toNanos() / 1e9);
        assertThat(scrape.get("pilotlight_disk_rpo_seconds", disk(disk))).isCloseTo(age, within(1e-3));
    }

    private Manifest newest(String disk) throws IOException {
        return Repository.open(new DirectoryObjectStore(repo)).latest(disk).orElseThrow();
    }

    private DaemonPlan plan(String... disks) {
        Schedule every15m = Schedule.parse("every 15m", ZoneOffset.UTC);
        List<JobPlan> jobs = java.util.Arrays.stream(disks).<JobPlan>map(name -> new JobPlan.DiskReplication(name,
                "main", every15m, "file:" + dir.resolve(name + ".img"), Optional.of(RPO))).toList();
        RepositoryOpener opener = new RepositoryOpener() {
            @Override
            public Repository open() throws IOException {
                return Repository.open(new DirectoryObjectStore(repo));
            }

            @Override
            public void close() {
            }
        };
        return new DaemonPlan(jobs, Map.of("main", opener), new InetSocketAddress("127.0.0.1", 0), Optional.empty());
    }

    private Daemon daemon(DaemonPlan plan, DaemonMetrics with) throws IOException {
        return new Daemon(plan, new RunJournal(state), SchedulerSettings.defaults(), time, time,
                Duration.ofMinutes(5), with);
    }

    private PrometheusText scrape(Daemon daemon) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + daemon.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    private static Map<String, String> disk(String name) {
        return Map.of("disk", name);
    }

    private static Map<String, String> job(String name) {
        return Map.of("job_name", name);
    }

    private static Map<String, String> runs(String job, String outcome) {
        return Map.of("job_name", job, "outcome", outcome);
    }
}
