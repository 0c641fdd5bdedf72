package io.pilotlight.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.schedule.ByteCounts;
import io.pilotlight.schedule.FollowerPosition;
import io.pilotlight.schedule.JobOutcome;
import io.pilotlight.schedule.Notable;
import io.pilotlight.schedule.RunKind;
import io.pilotlight.schedule.SchedulerEvent;
import io.pilotlight.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DaemonMetricsTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Map<String, String> JOB = Map.of("job_name", "vm-12");
    private static final Map<String, String> DISK = Map.of("disk", "vm-12/sda");

    private final MutableClock clock = new MutableClock(T0);
    private final DaemonMetrics metrics = new DaemonMetrics(clock);

    @AfterEach
    void close() {
        metrics.close();
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(metrics.scrape());
    }

    private void started(String job, Instant at) {
        metrics.on(new SchedulerEvent.Started(job, RunKind.SLOT, at, 1, at));
    }

    private void failed(String job, Instant at) {
        metrics.on(new SchedulerEvent.Failed(job, "store unreachable", 1, Optional.empty(), at.plusSeconds(900), at));
    }

    @Test
    void aDeclaredJobShowsBeforeItsFirstRunWithoutLastRunSeries() {
        metrics.jobDeclared("vm-12", "backup", "every 15m jitter 1m");

        PrometheusText text = scrape();

        assertThat(text.get("pilotlight_job_info", Map.of("job_name", "vm-12", "kind", "backup",
                "schedule", "every 15m jitter 1m"))).isEqualTo(1);
        assertThat(text.get("pilotlight_job_running", JOB)).isZero();
        assertThat(text.get("pilotlight_job_runs_total", Map.of("job_name", "vm-12", "outcome", "success"))).isZero();
        assertThat(text.get("pilotlight_job_runs_total", Map.of("job_name", "vm-12", "outcome", "failure"))).isZero();
        assertThat(text.value("pilotlight_job_last_run_success", JOB)).isEmpty();
        assertThat(text.value("pilotlight_job_last_run_timestamp_seconds", JOB)).isEmpty();
    }

    @Test
    void declaringAgainReplacesTheScheduleShown() {
        metrics.jobDeclared("vm-12", "backup", "every 15m");
        metrics.jobDeclared("vm-12", "backup", "daily 02:00");

        List<PrometheusText.Sample> info = scrape().samples().stream()
                .filter(s -> s.name().equals("pilotlight_job_info")).toList();

        assertThat(info).extracting(s -> s.labels().get("schedule")).containsExactly("daily 02:00");
    }

    @Test
    void aRunInProgressShowsAsRunning() {
        metrics.jobDeclared("vm-12", "backup", "every 15m");
        started("vm-12", T0);

        assertThat(scrape().get("pilotlight_job_running", JOB)).isEqualTo(1);
    }

    @Test
    void aSuccessCountsItsBytesNotableThingsAndLastRun() {
        started("vm-12", T0);
        metrics.on(new SchedulerEvent.Succeeded("vm-12", JobOutcome.success(Duration.ofMillis(42_500),
                new ByteCounts(1000, 300, 120, 100), Notable.CBT_FALLBACK, Notable.WARNINGS), T0.plusSeconds(43)));

        PrometheusText text = scrape();

        assertThat(text.get("pilotlight_job_runs_total", Map.of("job_name", "vm-12", "outcome", "success"))).isEqualTo(1);
        assertThat(text.get("pilotlight_job_runs_total", Map.of("job_name", "vm-12", "outcome", "failure"))).isZero();
        assertThat(text.get("pilotlight_job_running", JOB)).isZero();
        assertThat(text.get("pilotlight_job_last_run_success", JOB)).isEqualTo(1);
        assertThat(text.get("pilotlight_job_last_run_duration_seconds", JOB)).isEqualTo(42.5);
        assertThat(text.get("pilotlight_job_last_run_timestamp_seconds", JOB))
                .isEqualTo(T0.plusSeconds(43).getEpochSecond());
        assertThat(text.get("pilotlight_job_read_bytes_total", JOB)).isEqualTo(1000);
        assertThat(text.get("pilotlight_job_changed_bytes_total", JOB)).isEqualTo(300);
        assertThat(text.get("pilotlight_job_stored_bytes_total", JOB)).isEqualTo(120);
        assertThat(text.get("pilotlight_job_sent_bytes_total", JOB)).isEqualTo(100);
        assertThat(text.get("pilotlight_job_cbt_fallbacks_total", JOB)).isEqualTo(1);
        assertThat(text.get("pilotlight_job_warnings_total", JOB)).isEqualTo(1);
    }

    @Test
    void aFailureTakesItsDurationFromTheStartAndFlipsLastRunSuccess() {
        started("vm-12", T0);
        metrics.on(new SchedulerEvent.Succeeded("vm-12", JobOutcome.success(Duration.ofSeconds(5), ByteCounts.NONE),
                T0.plusSeconds(5)));
        started("vm-12", T0.plusSeconds(900));
        failed("vm-12", T0.plusSeconds(930));

        PrometheusText text = scrape();

        assertThat(text.get("pilotlight_job_runs_total", Map.of("job_name", "vm-12", "outcome", "failure"))).isEqualTo(1);
        assertThat(text.get("pilotlight_job_runs_total", Map.of("job_name", "vm-12", "outcome", "success"))).isEqualTo(1);
        assertThat(text.get("pilotlight_job_last_run_success", JOB)).isZero();
        assertThat(text.get("pilotlight_job_last_run_duration_seconds", JOB)).isEqualTo(30);
        assertThat(text.get("pilotlight_job_last_run_timestamp_seconds", JOB))
                .isEqualTo(T0.plusSeconds(930).getEpochSecond());
        assertThat(text.get("pilotlight_job_running", JOB)).isZero();
    }

    @Test
    void catchUpsMissedSlotsAndSkippedRunsAreCounted() {
        metrics.on(new SchedulerEvent.CatchUp("vm-12", Optional.of(T0), T0.plusSeconds(900), 7, T0.plusSeconds(7000)));
        metrics.on(new SchedulerEvent.SkippedBecauseRunning("vm-12", RunKind.SLOT, T0, 3, T0));
        metrics.on(new SchedulerEvent.SkippedBecauseRunning("vm-12", RunKind.RUN_NOW, T0, 1, T0));
        metrics.on(new SchedulerEvent.Stopped(List.of("vm-12"), T0));

        PrometheusText text = scrape();

        assertThat(text.get("pilotlight_job_catch_ups_total", JOB)).isEqualTo(1);
        assertThat(text.get("pilotlight_job_missed_slots_total", JOB)).isEqualTo(7);
        assertThat(text.get("pilotlight_job_skipped_total", JOB)).isEqualTo(4);
    }

    @Test
    void freshnessShowsTheCommittedPointItsAgeTargetAndRatio() {
        metrics.diskFreshness("vm-12/sda", T0.minus(Duration.ofMinutes(30)), Duration.ofMinutes(15));

        PrometheusText text = scrape();

        assertThat(text.get("pilotlight_disk_newest_point_timestamp_seconds", DISK))
                .isEqualTo(T0.minus(Duration.ofMinutes(30)).getEpochSecond());
        assertThat(text.get("pilotlight_disk_rpo_seconds", DISK)).isEqualTo(1800);
        assertThat(text.get("pilotlight_disk_rpo_target_seconds", DISK)).isEqualTo(900);
        assertThat(text.get("pilotlight_disk_rpo_ratio", DISK)).isEqualTo(2.0);
    }

    @Test
    void theRpoAgeGrowsWithTheClockUntilANewerPointIsCommitted() {
        metrics.diskFreshness("vm-12/sda", T0, Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(45));

        assertThat(scrape().get("pilotlight_disk_rpo_seconds", DISK)).isEqualTo(2700);
        assertThat(scrape().get("pilotlight_disk_rpo_ratio", DISK)).isEqualTo(3.0);

        clock.advance(Duration.ofMinutes(30));
        assertThat(scrape().get("pilotlight_disk_rpo_ratio", DISK)).isEqualTo(5.0);

        metrics.diskFreshness("vm-12/sda", clock.instant().minusSeconds(90), Duration.ofMinutes(15));
        assertThat(scrape().get("pilotlight_disk_rpo_seconds", DISK)).isEqualTo(90);
    }

    @Test
    void aPointNewerThanTheClockHasAgeZero() {
        metrics.diskFreshness("vm-12/sda", T0.plusSeconds(5), Duration.ofMinutes(15));

        assertThat(scrape().get("pilotlight_disk_rpo_seconds", DISK)).isZero();
    }

    @Test
    void runningAndFailedRunsNeverMoveFreshness() {
        metrics.jobDeclared("vm-12/sda", "backup", "every 15m");
        assertThat(scrape().value("pilotlight_disk_rpo_seconds", DISK)).isEmpty();
        assertThat(scrape().value("pilotlight_disk_newest_point_timestamp_seconds", DISK)).isEmpty();

        metrics.diskFreshness("vm-12/sda", T0, Duration.ofMinutes(15));
        clock.advance(Duration.ofHours(2));
        String disk = "vm-12/sda";
        started(disk, clock.instant());
        assertFreshness(T0, 7200);
        failed(disk, clock.instant().plusSeconds(60));
        assertFreshness(T0, 7200);
        started(disk, clock.instant());
        metrics.on(new SchedulerEvent.Succeeded(disk, JobOutcome.success(Duration.ofSeconds(60), ByteCounts.NONE),
                clock.instant()));
        assertFreshness(T0, 7200);
    }

    private void assertFreshness(Instant newest, double ageSeconds) {
        PrometheusText text = scrape();
        assertThat(text.get("pilotlight_disk_newest_point_timestamp_seconds", DISK)).isEqualTo(newest.getEpochSecond());
        assertThat(text.get("pilotlight_disk_rpo_seconds", DISK)).isEqualTo(ageSeconds);
        assertThat(text.get("pilotlight_disk_rpo_ratio", DISK)).isEqualTo(ageSeconds / 900);
    }

    @Test
    void aTargetThatIsNotPositiveIsRefusedNamingTheDisk() {
        assertThatThrownBy(() -> metrics.diskFreshness("vm-12/sda", T0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("disk vm-12/sda: RPO target PT0S must be positive");
    }

    @Test
    void followerLagIsTheAgeOfTheStandbysPointAtScrapeTime() {
        metrics.standbyPoint("dr-site", T0.minusSeconds(600));
        metrics.standbyPoint("dr-site", T0.minusSeconds(120));
        assertThat(scrape().get("pilotlight_follower_lag_seconds", Map.of("follower", "dr-site"))).isEqualTo(120.0);

        clock.advance(Duration.ofSeconds(30));
        assertThat(scrape().get("pilotlight_follower_lag_seconds", Map.of("follower", "dr-site"))).isEqualTo(150.0);

        metrics.standbyPoint("dr-site", T0.plusSeconds(60));
        assertThat(scrape().get("pilotlight_follower_lag_seconds", Map.of("follower", "dr-site"))).isEqualTo(0.0);
    }

    @Test
    void aFollowersSucceededRunReportsTheStandbysPoint() {
        FollowerPosition position = new FollowerPosition("0000000001", T0.minusSeconds(90), T0.minusSeconds(90));
        metrics.on(new SchedulerEvent.Succeeded("dr-site", new JobOutcome(true, Duration.ofSeconds(2), "",
                ByteCounts.NONE, Set.of(), Optional.of(position)), T0));

        assertThat(scrape().get("pilotlight_follower_lag_seconds", Map.of("follower", "dr-site"))).isEqualTo(90.0);
    }

    @Test
    void storeTotalsAreRunningTotalsThatNeverGoDown() {
        Map<String, String> repository = Map.of("repository", "s3://backups/vm");
        metrics.storeRequests("s3://backups/vm", 10);
        metrics.storeRequests("s3://backups/vm", 25);
        metrics.storeRetries("s3://backups/vm", 2);
        assertThat(scrape().get("pilotlight_store_requests_total", repository)).isEqualTo(25);
        assertThat(scrape().get("pilotlight_store_retries_total", repository)).isEqualTo(2);

        metrics.storeRequests("s3://backups/vm", 4); // the store was opened again: its meter restarted

        assertThat(scrape().get("pilotlight_store_requests_total", repository)).isEqualTo(29);
        assertThatThrownBy(() -> metrics.storeRetries("s3://backups/vm", -1))
                .hasMessage("pilotlight.store.retries of repository s3://backups/vm: total -1 must not be negative");
    }

    @Test
    void labelValuesAreEscaped() {
        String odd = "vm \"quoted\" C:\\disks\\a\nsecond line";
        metrics.jobDeclared(odd, "backup", "cron \"*/5 * * * *\" UTC");
        metrics.diskFreshness(odd, T0, Duration.ofMinutes(15));

        String raw = metrics.scrape();
        PrometheusText text = PrometheusText.parse(raw);

        assertThat(raw).contains("job_name=\"vm \\\"quoted\\\" C:\\\\disks\\\\a\\nsecond line\"");
        assertThat(text.get("pilotlight_job_info", Map.of("job_name", odd, "kind", "backup",
                "schedule", "cron \"*/5 * * * *\" UTC"))).isEqualTo(1);
        assertThat(text.get("pilotlight_disk_rpo_target_seconds", Map.of("disk", odd))).isEqualTo(900);
    }

    @Test
    void jvmMetricsAreIncluded() {
        assertThat(scrape().types()).containsKeys("jvm_memory_used_bytes", "jvm_threads_live_threads",
                "process_uptime_seconds", "jvm_classes_loaded_classes", "process_cpu_usage");
        assertThat(scrape().types().keySet()).anyMatch(name -> name.startsWith("jvm_gc_"));
    }
}
