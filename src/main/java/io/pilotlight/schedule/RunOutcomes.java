package io.pilotlight.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Runs a job and always comes back with an outcome: an exception or a missing outcome is a failure. */
final class RunOutcomes {
    private RunOutcomes() {
    }

    static JobOutcome run(Job job, JobContext context, Instant start, Clock clock) {
        try {
            JobOutcome outcome = job.run(context);
            if (outcome == null) {
                return JobOutcome.failure(since(start, clock), "job " + context.jobName() + " returned no outcome");
            }
            return outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JobOutcome.failure(since(start, clock), "job " + context.jobName() + " was interrupted");
        } catch (Exception e) {
            return JobOutcome.failure(since(start, clock), "job " + context.jobName() + " failed: " + e);
        }
    }

    private static Duration since(Instant start, Clock clock) {
        Duration elapsed = Duration.between(start, clock.instant());
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }
}
