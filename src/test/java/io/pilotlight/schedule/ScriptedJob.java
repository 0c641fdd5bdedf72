package io.pilotlight.schedule;

import io.pilotlight.testing.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * A job for the fake clock: each run looks up its step by its start time, waits that long in fake
 * time (in minute slices, watching the cancellation flag, if it honours it) and succeeds or fails.
 */
final class ScriptedJob implements Job {
    /** What one run does. */
    record Step(Duration duration, boolean fails, boolean honoursCancellation) {
        static Step ok(Duration duration) {
            return new Step(duration, false, true);
        }

        static Step failing(Duration duration) {
            return new Step(duration, true, true);
        }

        Step ignoringCancellation() {
            return new Step(duration, fails, false);
        }
    }

    private final FakeTime time;
    private final Function<Instant, Step> script;

    ScriptedJob(FakeTime time, Function<Instant, Step> script) {
        this.time = time;
        this.script = script;
    }

    static ScriptedJob taking(FakeTime time, Duration duration) {
        return new ScriptedJob(time, start -> Step.ok(duration));
    }

    @Override
    public JobOutcome run(JobContext context) throws InterruptedException {
        Instant start = time.instant();
        Step step = script.apply(start);
        if (!step.honoursCancellation()) {
            time.sleep(step.duration());
        } else {
            Duration left = step.duration();
            while (!left.isZero() && !left.isNegative()) {
                if (context.cancelled()) {
                    return JobOutcome.failure(Duration.between(start, time.instant()), "cancelled");
                }
                Duration slice = left.compareTo(Duration.ofMinutes(1)) < 0 ? left : Duration.ofMinutes(1);
                time.sleep(slice);
                left = left.minus(slice);
            }
        }
        Duration took = Duration.between(start, time.instant());
        return step.fails() ? JobOutcome.failure(took, "injected failure at " + start)
                : JobOutcome.success(took, new ByteCounts(100, 10, 5, 5));
    }
}
