package io.pilotlight.daemon;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.drill.Drill;
import io.pilotlight.recovery.drill.DrillResult;
import io.pilotlight.repo.Repository;
import io.pilotlight.schedule.ByteCounts;
import io.pilotlight.schedule.JobOutcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * One drill ({@code drill} in-process) of the newest point of a disk or group. A failed check is a
 * failed run whose reason names the check, when it gave up, why, and where the serial log was kept.
 * The drill's waits run on the system clock whatever the scheduler's clock: a VM boots in real time.
 */
final class DrillRun {
    private DrillRun() {
    }

    /** The outcome, its duration left at zero for the caller to fill. */
    static JobOutcome run(JobPlan.Drilling plan, Repository repository) throws IOException {
        DrillResult result = new Drill(repository, Clock.systemUTC(), ProgressListener.NONE)
                .run(plan.options().withPoint("latest"));
        String booted = String.join(", ", result.points()) + " under " + result.accelerator();
        if (result.passed()) {
            return JobOutcome.success(Duration.ZERO, ByteCounts.NONE);
        }
        String why = result.firstFailure().map(check -> "check '" + check.name() + "' failed after "
                + check.elapsed().toSeconds() + " s: " + check.detail()).orElse("no check ran");
        return JobOutcome.failure(Duration.ZERO, "drill " + plan.name() + " of " + booted + ": " + why
                + result.serialLog().map(log -> "; serial log kept at " + log).orElse(""));
    }
}
