package io.pilotlight.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The records the daemon fills and configures validate in their constructors. */
class JobOutcomeTest {
    @Test
    void outcomesValidate() {
        JobOutcome notable = JobOutcome.success(Duration.ofMinutes(3), new ByteCounts(10, 4, 2, 2), Notable.CBT_FALLBACK);
        assertThat(notable.isNotable()).isTrue();
        assertThat(JobOutcome.success(Duration.ZERO, ByteCounts.NONE).isNotable()).isFalse();
        assertThatThrownBy(() -> JobOutcome.failure(Duration.ZERO, " "))
                .hasMessage("a failed outcome needs a reason in plain words");
        assertThatThrownBy(() -> JobOutcome.failure(Duration.ofSeconds(-1), "source gone"))
                .hasMessage("outcome duration PT-1S must not be negative");
        assertThatThrownBy(() -> new ByteCounts(1, -1, 0, 0))
                .hasMessage("byte counts must not be negative: read 1, changed -1, stored 0, sent 0");
    }

    @Test
    void backoffDoublesUpToItsCap() {
        Backoff backoff = new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(10));
        assertThat(Set.of(1, 2, 3, 4, 5, 40).stream().sorted().map(backoff::delay).map(Duration::toMinutes))
                .containsExactly(1L, 2L, 4L, 8L, 10L, 10L);
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .hasMessageContaining("the cap at least the first delay");
    }

    @Test
    void settingsAndJobsValidate() {
        assertThatThrownBy(() -> SchedulerSettings.defaults().withMaxRunning(0))
                .hasMessage("scheduler limits: maxRunning 0 and maxPerKey 1 must be at least 1");
        SchedulerSettings settings = new SchedulerSettings(4, 1, Map.of("repo-a", 2),
                new Backoff(Duration.ofMinutes(1), Duration.ofHours(1)), Duration.ofMinutes(1));
        assertThat(settings.limitOf("repo-a")).isEqualTo(2);
        assertThat(settings.limitOf("repo-b")).isEqualTo(1);
        assertThatThrownBy(() -> new ScheduledJob(" ", Schedule.parse("daily 02:00", java.time.ZoneOffset.UTC),
                Set.of(), context -> null)).hasMessage("a scheduled job needs a name");
        assertThatThrownBy(() -> new JobContext("verify", Instant.EPOCH, RunKind.SLOT, 0, new Cancellation()))
                .hasMessage("run of verify: attempt 0 must be at least 1");
    }
}
