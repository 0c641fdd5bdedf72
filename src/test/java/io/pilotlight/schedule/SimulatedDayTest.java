package io.pilotlight.schedule;

import io.pilotlight.testing.FakeTime;
import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.metrics.DaemonMetrics;
import io.pilotlight.metrics.PrometheusText;
import io.pilotlight.schedule.ScriptedJob.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A day of 15-minute cycles for three jobs on the fake clock: A always succeeds; B fails three times
 * from 06:00 then recovers, and fails throughout 08:00-08:30; C overruns at 12:00 (40 minutes); and
 * the host sleeps from 18:05 to 21:05. The exact list of runs is asserted, and what the daemon's
 * metrics count of them.
 */
class SimulatedDayTest {
    private static final Instant MIDNIGHT = Instant.parse("2026-03-02T00:00:00Z");
    private static final Schedule EVERY_15M = Schedule.parse("every 15m", ZoneOffset.UTC);

    private final FakeTime time = new FakeTime(MIDNIGHT);
    private final RecordingListener listener = new RecordingListener();
    private final DaemonMetrics metrics = new DaemonMetrics(time);

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    @Test
    void aDayOfFifteenMinuteCycles() {
        Scheduler scheduler = new Scheduler(List.of(
                job("A", start -> Step.ok(Duration.ofMinutes(2))),
                job("B", start -> between(start, "06:00", "06:10") || between(start, "08:00", "08:30")
                        ? Step.failing(Duration.ofMinutes(1)) : Step.ok(Duration.ofMinutes(1))),
                job("C", start -> Step.ok(between(start, "12:00", "12:01") ? Duration.ofMinutes(40) : Duration.ofMinutes(1)))),
                SchedulerSettings.defaults(), time, time, new CompositeSchedulerListener(List.of(listener, metrics)));
        Instant yesterday = MIDNIGHT.minus(Duration.ofMinutes(15));
        scheduler.start(Map.of("A", yesterday, "B", yesterday, "C", yesterday));

        time.advanceTo(at("18:05"));
        time.hostSleeps(Duration.ofHours(3));
        time.advanceTo(at("23:59"));

        assertThat(listener.startsOf("A")).containsExactlyElementsOf(slots("A", "00:00", "18:00", "21:05", "21:15"));
        List<String> b = new ArrayList<>(slots("B", "00:00", "18:00", "21:05", "21:15"));
        b.addAll(List.of("06:02 B", "06:05 B", "06:10 B", "08:02 B", "08:05 B", "08:10 B", "08:17 B", "08:20 B", "08:25 B"));
        assertThat(listener.startsOf("B")).containsExactlyElementsOf(b.stream().sorted().toList());
        List<String> c = new ArrayList<>(slots("C", "00:00", "18:00", "21:05", "21:15"));
        c.removeAll(List.of("12:15 C", "12:30 C"));
        assertThat(listener.startsOf("C")).containsExactlyElementsOf(c);
        assertThat(listener.starts()).hasSize(listener.startsOf("A").size() + b.size() + c.size());
    }

    @Test
    void failuresAreRetriedWithBackoffUntilTheNextSlotTakesOver() {
        aDayOfFifteenMinuteCycles();
        List<String> failures = listener.events(SchedulerEvent.Failed.class).stream()
                .map(failed -> RecordingListener.time(failed.at()) + " " + failed.job() + " attempt " + failed.attempt()
                        + " retry " + failed.nextRetry().map(RecordingListener::time).orElse("none")
                        + " slot " + RecordingListener.time(failed.nextSlot()))
                .toList();
        assertThat(failures).containsExactly(
                "06:01 B attempt 1 retry 06:02 slot 06:15",
                "06:03 B attempt 2 retry 06:05 slot 06:15",
                "06:06 B attempt 3 retry 06:10 slot 06:15",
                "08:01 B attempt 1 retry 08:02 slot 08:15",
                "08:03 B attempt 2 retry 08:05 slot 08:15",
                "08:06 B attempt 3 retry 08:10 slot 08:15",
                "08:11 B attempt 4 retry none slot 08:15", // 8 minutes would pass the 08:15 slot
                "08:16 B attempt 1 retry 08:17 slot 08:30",
                "08:18 B attempt 2 retry 08:20 slot 08:30",
                "08:21 B attempt 3 retry 08:25 slot 08:30",
                "08:26 B attempt 4 retry none slot 08:30");
        assertThat(listener.events(SchedulerEvent.Started.class)).filteredOn(started -> started.job().equals("B")
                && started.kind() == RunKind.RETRY).extracting(SchedulerEvent.Started::attempt)
                .containsExactly(2, 3, 4, 2, 3, 4, 2, 3, 4);
    }

    @Test
    void anOverrunSkipsTheSlotsItSpansAndTheHostsSleepGivesOneCatchUpPerJob() {
        aDayOfFifteenMinuteCycles();
        assertThat(listener.events(SchedulerEvent.SkippedBecauseRunning.class)).containsExactly(
                new SchedulerEvent.SkippedBecauseRunning("C", RunKind.SLOT, at("12:15"), 2, at("12:40")));
        assertThat(listener.events(SchedulerEvent.CatchUp.class)).containsExactly(
                new SchedulerEvent.CatchUp("A", Optional.of(at("18:00")), at("18:15"), 12, at("21:05")),
                new SchedulerEvent.CatchUp("B", Optional.of(at("18:00")), at("18:15"), 12, at("21:05")),
                new SchedulerEvent.CatchUp("C", Optional.of(at("18:00")), at("18:15"), 12, at("21:05")));
        assertThat(listener.events(SchedulerEvent.Started.class)).filteredOn(started -> started.kind() == RunKind.CATCH_UP)
                .extracting(started -> started.job() + " " + RecordingListener.time(started.at()))
                .containsExactly("A 21:05", "B 21:05", "C 21:05");
    }

    @Test
    void theMetricsCountTheDaysRunsFailuresCatchUpsAndSkips() {
        List.of("A", "B", "C").forEach(job -> metrics.jobDeclared(job, "replicate", "every 15m"));
        aDayOfFifteenMinuteCycles();
        PrometheusText text = PrometheusText.parse(metrics.scrape());
        for (String job : List.of("A", "B", "C")) {
            long failed = listener.events(SchedulerEvent.Failed.class).stream().filter(f -> f.job().equals(job)).count();
            assertThat(text.get("pilotlight_job_runs_total", Map.of("job_name", job, "outcome", "success")))
                    .as("successful runs of %s", job).isEqualTo(listener.startsOf(job).size() - failed);
            assertThat(text.get("pilotlight_job_runs_total", Map.of("job_name", job, "outcome", "failure")))
                    .as("failed runs of %s", job).isEqualTo(failed);
            assertThat(text.get("pilotlight_job_catch_ups_total", Map.of("job_name", job))).isEqualTo(1);
            assertThat(text.get("pilotlight_job_missed_slots_total", Map.of("job_name", job))).isEqualTo(12);
            assertThat(text.get("pilotlight_job_last_run_success", Map.of("job_name", job))).isEqualTo(1);
            assertThat(text.get("pilotlight_job_running", Map.of("job_name", job))).isZero();
        }
        assertThat(text.get("pilotlight_job_runs_total", Map.of("job_name", "B", "outcome", "failure"))).isEqualTo(11);
        assertThat(text.get("pilotlight_job_skipped_total", Map.of("job_name", "C"))).isEqualTo(2);
        assertThat(text.get("pilotlight_job_skipped_total", Map.of("job_name", "A"))).isZero();
    }

    private ScheduledJob job(String name, java.util.function.Function<Instant, Step> script) {
        return new ScheduledJob(name, EVERY_15M, Set.of(), new ScriptedJob(time, script));
    }

    /** {@code "HH:mm name"} for every 15-minute slot from {@code from} to {@code to}, then {@code extra}, then from {@code resume} on. */
    private static List<String> slots(String name, String from, String to, String extra, String resume) {
        List<String> lines = new ArrayList<>();
        for (Instant slot = at(from); !slot.isAfter(at(to)); slot = slot.plus(Duration.ofMinutes(15))) {
            lines.add(RecordingListener.time(slot) + " " + name);
        }
        lines.add(extra + " " + name);
        for (Instant slot = at(resume); slot.isBefore(at("23:59")); slot = slot.plus(Duration.ofMinutes(15))) {
            lines.add(RecordingListener.time(slot) + " " + name);
        }
        return lines;
    }

    private static boolean between(Instant start, String from, String until) {
        return !start.isBefore(at(from)) && start.isBefore(at(until));
    }

    private static Instant at(String hhmm) {
        return MIDNIGHT.plusSeconds(LocalTime.parse(hhmm).toSecondOfDay());
    }
}
