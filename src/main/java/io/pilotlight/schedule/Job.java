package io.pilotlight.schedule;

/**
 * Work the scheduler runs: replicate, follow, verify, forget and prune, wired in by the daemon. A run
 * should return soon after {@link JobContext#cancelled()} turns true. A run that throws counts as a
 * failed run whose reason is the exception; it never breaks the scheduler.
 */
@FunctionalInterface
public interface Job {
    JobOutcome run(JobContext context) throws Exception;
}
