package io.pilotlight.schedule;

import io.pilotlight.testing.FakeTime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.schedule.ScriptedJob.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The scheduler's rules one at a time, on the fake clock. */
class SchedulerTest {
    private static final Instant MIDNIGHT = Instant.parse("2026-03-02T00:00:00Z");
    private static final Schedule EVERY_15M = Schedule.parse("every 15m", ZoneOffset.UTC);
    private static final Schedule HOURLY = Schedule.parse("hourly :00", ZoneOffset.UTC);

    private final FakeTime time = new FakeTime(MIDNIGHT);
    private final RecordingListener listener = new RecordingListener();

    @Test
    void atStartOnlyJobsThatMissedASlotSinceTheirLastRunCatchUpOnce() {
        time.advanceTo(at(10, 0));
        Schedule daily = Schedule.parse("daily 02:00", ZoneOffset.UTC);
        Scheduler scheduler = scheduler(SchedulerSettings.defaults(),
                job("missed", daily, Duration.ofMinutes(5)),
                job("fresh", daily, Duration.ofMinutes(5)),
                job("new", daily, Duration.ofMinutes(5)),
                job("quarterly", EVERY_15M, Duration.ofMinutes(5)));
        scheduler.start(Map.of("missed", at(-24, 0), "fresh", at(2, 0), "quarterly", at(7, 0)));
        time.advanceTo(at(10, 14));

        assertThat(listener.starts()).containsExactly("10:00 missed", "10:00 new", "10:00 quarterly");
        assertThat(listener.events(SchedulerEvent.CatchUp.class)).containsExactly(
                new SchedulerEvent.CatchUp("new", Optional.empty(), at(10, 0), 0, at(10, 0)),
                new SchedulerEvent.CatchUp("missed", Optional.of(at(-24, 0)), at(-22, 0), 2, at(10, 0)),
                new SchedulerEvent.CatchUp("quarterly", Optional.of(at(7, 0)), at(7, 15), 12, at(10, 0)));
        assertThat(scheduler.nextRuns()).containsExactlyInAnyOrderEntriesOf(Map.of("missed", at(26, 0),
                "fresh", at(26, 0), "new", at(26, 0), "quarterly", at(10, 15)));
    }

    @Test
    void theGlobalLimitBoundsRunsAtOnce() {
        Scheduler scheduler = scheduler(SchedulerSettings.defaults().withMaxRunning(2),
                job("J1", EVERY_15M, Duration.ofMinutes(10)), job("J2", EVERY_15M, Duration.ofMinutes(10)),
                job("J3", EVERY_15M, Duration.ofMinutes(10)), job("J4", EVERY_15M, Duration.ofMinutes(10)),
                job("J5", EVERY_15M, Duration.ofMinutes(10)));
        Instant last = at(0, -15);
        scheduler.start(Map.of("J1", last, "J2", last, "J3", last, "J4", last, "J5", last));
        time.advanceTo(at(2, 59));

        // due slots wait in order of due time, then the job that ran longest ago: nobody starves
        assertThat(listener.starts()).startsWith("00:00 J1", "00:00 J2", "00:10 J3", "00:10 J4", "00:20 J1",
                "00:20 J5", "00:30 J2", "00:30 J3", "00:40 J1", "00:40 J4", "00:50 J2", "00:50 J5");
        assertThat(listener.mostRunningAtOnce()).isEqualTo(2);
        assertThat(listener.starts()).hasSize(3 * 60 / 10 * 2); // both places busy all the time
        for (String job : List.of("J1", "J2", "J3", "J4", "J5")) {
            assertThat(listener.startsOf(job)).hasSizeGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void jobsSharingAResourceKeyTakeTurns() {
        Scheduler scheduler = scheduler(SchedulerSettings.defaults(),
                keyed("replicate-vm1", Set.of("repo-a")), keyed("replicate-vm2", Set.of("repo-a")),
                keyed("replicate-vm3", Set.of("repo-b")));
        Instant last = at(0, -15);
        scheduler.start(Map.of("replicate-vm1", last, "replicate-vm2", last, "replicate-vm3", last));
        time.advanceTo(at(0, 14));

        assertThat(listener.starts()).containsExactly("00:00 replicate-vm1", "00:00 replicate-vm3", "00:05 replicate-vm2");
    }

    @Test
    void runNowRunsAtOnceUnlessRunningAndLeavesTheSlotsAlone() {
        Scheduler scheduler = scheduler(SchedulerSettings.defaults(), job("verify", HOURLY, Duration.ofMinutes(30)));
        scheduler.start(Map.of("verify", at(0, 0)));
        time.advanceTo(at(0, 10));

        assertThat(scheduler.runNow("verify")).isEqualTo(RunNowAnswer.STARTED);
        time.advanceTo(at(0, 20));
        assertThat(scheduler.runNow("verify")).isEqualTo(RunNowAnswer.ALREADY_RUNNING);
        time.advanceTo(at(1, 59));

        assertThat(listener.starts()).containsExactly("00:10 verify", "01:00 verify");
        assertThat(listener.events(SchedulerEvent.Started.class).get(0).kind()).isEqualTo(RunKind.RUN_NOW);
        assertThat(listener.events(SchedulerEvent.SkippedBecauseRunning.class)).containsExactly(
                new SchedulerEvent.SkippedBecauseRunning("verify", RunKind.RUN_NOW, at(0, 20), 1, at(0, 20)));
        assertThatThrownBy(() -> scheduler.runNow("verfiy"))
                .hasMessage("no job named verfiy; the jobs are verify");
    }

    @Test
    void runNowWaitsItsTurnUnderTheLimitAndGoesFirst() {
        Scheduler scheduler = scheduler(SchedulerSettings.defaults().withMaxRunning(1),
                job("prune", HOURLY, Duration.ofMinutes(20)), job("replicate", HOURLY, Duration.ofMinutes(20)),
                job("verify", HOURLY, Duration.ofMinutes(20)));
        scheduler.start(Map.of("prune", at(0, 0), "replicate", at(0, 0), "verify", at(0, 0)));
        time.advanceTo(at(1, 5));

        assertThat(scheduler.runNow("verify")).isEqualTo(RunNowAnswer.QUEUED);
        time.advanceTo(at(1, 59));

        assertThat(listener.starts()).containsExactly("01:00 prune", "01:20 verify", "01:40 replicate");
    }

    @Test
    void stopCancelsRunsAndReportsThoseThatDoNotEnd() throws InterruptedException {
        Scheduler scheduler = scheduler(SchedulerSettings.defaults(),
                job("honours", HOURLY, Duration.ofHours(2)),
                new ScheduledJob("ignores", HOURLY, Set.of(),
                        new ScriptedJob(time, start -> Step.ok(Duration.ofHours(2)).ignoringCancellation())));
        scheduler.start(Map.of("honours", at(-1, 0), "ignores", at(-1, 0)));
        time.advanceTo(at(0, 30));

        assertThat(scheduler.stop(Duration.ofMinutes(5))).containsExactly("ignores");

        assertThat(time.instant()).isEqualTo(at(0, 35));
        assertThat(listener.events(SchedulerEvent.Failed.class)).containsExactly(new SchedulerEvent.Failed("honours",
                "cancelled", 1, Optional.empty(), at(1, 0), at(0, 31)));
        assertThat(listener.events(SchedulerEvent.Stopped.class)).containsExactly(
                new SchedulerEvent.Stopped(List.of("ignores"), at(0, 35)));
        assertThat(scheduler.runNow("honours")).isEqualTo(RunNowAnswer.STOPPED);
        time.advanceTo(at(5, 0));
        assertThat(listener.starts()).containsExactly("00:00 honours", "00:00 ignores");
        assertThat(scheduler.running()).isEmpty();
        assertThat(listener.events(SchedulerEvent.Succeeded.class)).extracting(SchedulerEvent.Succeeded::at)
                .containsExactly(at(2, 0));
    }

    @Test
    void stopReturnsAtOnceWhenNothingRuns() throws InterruptedException {
        Scheduler scheduler = scheduler(SchedulerSettings.defaults(), job("verify", HOURLY, Duration.ofMinutes(1)));
        scheduler.start(Map.of("verify", at(0, 0)));
        time.advanceTo(at(0, 30));

        assertThat(scheduler.stop(Duration.ofMinutes(5))).isEmpty();
        assertThat(time.instant()).isEqualTo(at(0, 30));
        time.advanceTo(at(3, 0));
        assertThat(listener.starts()).isEmpty();
    }

    @Test
    void aNotableOutcomeIsReportedNotRetried() {
        Scheduler scheduler = scheduler(SchedulerSettings.defaults(), new ScheduledJob("replicate", HOURLY, Set.of(),
                context -> JobOutcome.success(Duration.ofMinutes(3), new ByteCounts(8, 8, 4, 4), Notable.CBT_FALLBACK)));
        scheduler.start(Map.of("replicate", at(0, 0)));
        time.advanceTo(at(1, 30));

        assertThat(listener.starts()).containsExactly("01:00 replicate");
        SchedulerEvent.Succeeded succeeded = listener.events(SchedulerEvent.Succeeded.class).get(0);
        assertThat(succeeded.outcome().isNotable()).isTrue();
        assertThat(succeeded.outcome().notable()).containsExactly(Notable.CBT_FALLBACK);
    }

    @Test
    void aJobThatThrowsFailsAndIsRetried() {
        AtomicInteger calls = new AtomicInteger();
        Scheduler scheduler = scheduler(SchedulerSettings.defaults(), new ScheduledJob("follow", HOURLY, Set.of(),
                context -> {
                    int call = calls.incrementAndGet();
                    if (call == 1) {
                        throw new IllegalStateException("repository locked by host-b");
                    }
                    return call == 2 ? null : JobOutcome.success(Duration.ZERO, ByteCounts.NONE);
                }));
        scheduler.start(Map.of("follow", at(0, 0)));
        time.advanceTo(at(1, 30));

        assertThat(listener.starts()).containsExactly("01:00 follow", "01:01 follow", "01:03 follow");
        assertThat(listener.events(SchedulerEvent.Failed.class)).extracting(SchedulerEvent.Failed::reason).containsExactly(
                "job follow failed: java.lang.IllegalStateException: repository locked by host-b",
                "job follow returned no outcome");
    }

    @Test
    void aListenerThatThrowsNeverBreaksTheScheduler() {
        AtomicInteger runs = new AtomicInteger();
        Scheduler scheduler = new Scheduler(List.of(new ScheduledJob("verify", HOURLY, Set.of(), context -> {
            runs.incrementAndGet();
            return JobOutcome.success(Duration.ZERO, ByteCounts.NONE);
        })), SchedulerSettings.defaults(), time, time, event -> {
            throw new IllegalStateException("metrics are down");
        });
        scheduler.start(Map.of("verify", at(0, 0)));
        time.advanceTo(at(5, 30));

        assertThat(runs).hasValue(5);
    }

    @Test
    void jobNamesAreUnique() {
        assertThatThrownBy(() -> scheduler(SchedulerSettings.defaults(), job("verify", HOURLY, Duration.ZERO),
                job("verify", EVERY_15M, Duration.ZERO)))
                .hasMessage("job verify is defined twice; job names must be unique");
    }

    private Scheduler scheduler(SchedulerSettings settings, ScheduledJob... jobs) {
        return new Scheduler(List.of(jobs), settings, time, time, listener);
    }

    private ScheduledJob job(String name, Schedule schedule, Duration duration) {
        return new ScheduledJob(name, schedule, Set.of(), ScriptedJob.taking(time, duration));
    }

    private ScheduledJob keyed(String name, Set<String> keys) {
        return new ScheduledJob(name, EVERY_15M, keys, ScriptedJob.taking(time, Duration.ofMinutes(5)));
    }

    private static Instant at(int hours, int minutes) {
        return MIDNIGHT.plus(Duration.ofHours(hours)).plus(Duration.ofMinutes(minutes));
    }
}
