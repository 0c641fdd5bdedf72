package io.pilotlight.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pilotlight.schedule.JobOutcome;
import io.pilotlight.schedule.Notable;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * One job's meters and what they read: counters for runs, bytes and notable things, and gauges for
 * the run in progress and the last run. The last-run gauges appear with the first ended run, so a job
 * that never ran has none (its {@code pilotlight_job_info} shows it). Safe from several threads.
 */
final class JobMeters {
    /** How the last run ended. */
    private record LastRun(boolean succeeded, Duration duration, Instant at) { }

    private final MeterRegistry registry;
    private final String job;
    private final Counter successes;
    private final Counter failures;
    private final Counter catchUps;
    private final Counter missedSlots;
    private final Counter skipped;
    private final Counter read;
    private final Counter changed;
    private final Counter stored;
    private final Counter sent;
    private final Counter cbtFallbacks;
    private final Counter warnings;
    private final AtomicReference<Instant> startedAt = new AtomicReference<>();
    private final AtomicReference<LastRun> lastRun = new AtomicReference<>();
    private final AtomicBoolean lastRunRegistered = new AtomicBoolean();
    private Gauge info;

    JobMeters(MeterRegistry registry, String job) {
        this.registry = registry;
        this.job = job;
        successes = runs("success");
        failures = runs("failure");
        catchUps = counter("pilotlight.job.catch.ups", null, "Catch-up runs due after downtime or sleep");
        missedSlots = counter("pilotlight.job.missed.slots", null, "Slots missed during downtime or sleep, each"
                + " made up by one catch-up run");
        skipped = counter("pilotlight.job.skipped", null, "Runs that did not start because the job was running");
        read = counter("pilotlight.job.read", "bytes", "Bytes read from the source by successful runs");
        changed = counter("pilotlight.job.changed", "bytes", "Bytes found changed by successful runs");
        stored = counter("pilotlight.job.stored", "bytes", "Bytes stored after dedup and compression by successful runs");
        sent = counter("pilotlight.job.sent", "bytes", "Bytes sent to the store by successful runs");
        cbtFallbacks = counter("pilotlight.job.cbt.fallbacks", null, "Successful runs that read the whole disk"
                + " because change tracking was lost or reset");
        warnings = counter("pilotlight.job.warnings", null, "Successful runs that ended with warnings");
        Gauge.builder("pilotlight.job.running", startedAt, started -> started.get() == null ? 0 : 1)
                .tag("job_name", job).description("1 while a run of the job is in progress, else 0")
                .strongReference(true).register(registry);
    }

    /** Shows the job's kind and schedule (replacing what an earlier declaration said). */
    synchronized void declare(String kind, String schedule) {
        if (info != null) {
            registry.remove(info);
        }
        info = Gauge.builder("pilotlight.job.info", () -> 1).tag("job_name", job).tag("kind", kind)
                .tag("schedule", schedule).description("A declared job, its kind and schedule; always 1")
                .strongReference(true).register(registry);
    }

    void started(Instant at) {
        startedAt.set(at);
    }

    void succeeded(JobOutcome outcome, Instant at) {
        successes.increment();
        read.increment(outcome.bytes().read());
        changed.increment(outcome.bytes().changed());
        stored.increment(outcome.bytes().stored());
        sent.increment(outcome.bytes().sent());
        if (outcome.notable().contains(Notable.CBT_FALLBACK)) {
            cbtFallbacks.increment();
        }
        if (outcome.notable().contains(Notable.WARNINGS)) {
            warnings.increment();
        }
        ended(new LastRun(true, outcome.duration(), at));
    }

    void failed(Instant at) {
        failures.increment();
        Instant started = startedAt.get();
        Duration duration = started == null || started.isAfter(at) ? Duration.ZERO : Duration.between(started, at);
        ended(new LastRun(false, duration, at));
    }

    /** The last run as recorded before this process started: gauges only, no counter moves. */
    void onRecord(boolean succeeded, Duration duration, Instant at) {
        if (lastRun.get() == null) {
            ended(new LastRun(succeeded, duration, at));
        }
    }

    void catchUp(int missed) {
        catchUps.increment();
        missedSlots.increment(missed);
    }

    void skipped(int count) {
        skipped.increment(count);
    }

    private void ended(LastRun run) {
        lastRun.set(run);
        startedAt.set(null);
        if (lastRunRegistered.compareAndSet(false, true)) {
            lastRunGauge("pilotlight.job.last.run.success", null, "1 if the job's last ended run succeeded, 0 if it failed",
                    last -> last.succeeded() ? 1 : 0);
            lastRunGauge("pilotlight.job.last.run.duration", "seconds", "How long the job's last ended run took",
                    last -> Freshness.seconds(last.duration()));
            lastRunGauge("pilotlight.job.last.run.timestamp", "seconds", "When the job's last run ended, Unix time",
                    last -> last.at().getEpochSecond() + last.at().getNano() / 1e9);
        }
    }

    private void lastRunGauge(String name, String unit, String description,
            ToDoubleFunction<LastRun> value) {
        Gauge.builder(name, lastRun, last -> value.applyAsDouble(last.get())).tag("job_name", job).baseUnit(unit)
                .description(description).strongReference(true).register(registry);
    }

    private Counter runs(String outcome) {
        return Counter.builder("pilotlight.job.runs").tag("job_name", job).tag("outcome", outcome)
                .description("Ended runs of the job by outcome (success or failure)").register(registry);
    }

    private Counter counter(String name, String unit, String description) {
        return Counter.builder(name).tag("job_name", job).baseUnit(unit).description(description).register(registry);
    }
}
