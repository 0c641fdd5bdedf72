/**
 * When jobs run: the daemon's scheduling policy, tested on a fake clock. A {@link
 * io.pilotlight.schedule.Schedule} ({@code every 15m jitter 1m}, {@code daily 02:00}, {@code weekly
 * mon 02:00}, {@code hourly :15}, {@code cron "..."}, each in an explicit zone) gives a job's slots; the
 * {@link io.pilotlight.schedule.Scheduler} runs {@link io.pilotlight.schedule.Job}s at them — one run
 * per job at a time, bounded runs at once, one catch-up after downtime, retries with backoff before
 * the next slot, run-now, an orderly stop — and reports {@link io.pilotlight.schedule.SchedulerEvent}s.
 * Time is injected: a {@link java.time.Clock} and a {@link io.pilotlight.schedule.Timer}
 * ({@link io.pilotlight.schedule.SystemTimer} in the daemon). The promises are stated in
 * {@code docs/scheduling.md}.
 *
 * <p>Uses nothing of pilotlight but {@code progress}: the daemon wires replicate, follow, verify and
 * forget in as {@link io.pilotlight.schedule.Job}s and fills a {@link io.pilotlight.schedule.JobOutcome}
 * from their results. Reads no config and prints nothing.
 */
package io.pilotlight.schedule;
