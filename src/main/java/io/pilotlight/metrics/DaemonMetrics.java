package io.pilotlight.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pilotlight.schedule.SchedulerEvent;
import io.pilotlight.schedule.SchedulerListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The daemon's metrics, for its {@code /metrics}: scheduler events as they come (this is a {@link
 * SchedulerListener}), values the daemon reads elsewhere through the methods below, and the JVM's
 * memory, GC, threads, classes, CPU and uptime. {@link #scrape()} renders them in the Prometheus text
 * format. Every method is safe from several threads. Names, types and labels: {@code docs/metrics.md}.
 */
public final class DaemonMetrics implements SchedulerListener, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<String, JobMeters> jobs = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Freshness>> disks = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Instant>> followers = new ConcurrentHashMap<>();
    private final Map<String, RunningTotal> storeTotals = new ConcurrentHashMap<>();
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

    /** {@code clock} tells the age of points at scrape time. */
    public DaemonMetrics(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Everything in the Prometheus text format (version 0.0.4), for {@code /metrics}. */
    public String scrape() {
        beforeScrape.forEach(Runnable::run);
        return registry.scrape();
    }

    /**
     * Runs {@code update} before each scrape, to report values read elsewhere at that moment (the
     * daemon reports its store meter's totals so).
     */
    public void beforeEachScrape(Runnable update) {
        beforeScrape.add(requireNonNull(update, "update is null"));
    }

    /**
     * Keeps the series of these jobs and disks and removes every other job's and disk's (a reload
     * that dropped them): Prometheus then marks their series stale, instead of a removed disk staying
     * on the dashboard with an age that grows forever.
     */
    public void retain(Set<String> jobNames, Set<String> diskNames) {
        requireNonNull(jobNames, "jobNames is null");
        requireNonNull(diskNames, "diskNames is null");
        for (String job : Set.copyOf(jobs.keySet())) {
            if (!jobNames.contains(job)) {
                jobs.remove(job);
                removeTagged("job_name", job);
            }
        }
        for (String disk : Set.copyOf(disks.keySet())) {
            if (!diskNames.contains(disk)) {
                disks.remove(disk);
                removeTagged("disk", disk);
            }
        }
    }

    private void removeTagged(String tag, String value) {
        for (Meter meter : registry.getMeters()) {
            if (value.equals(meter.getId().getTag(tag))) {
                registry.remove(meter);
            }
        }
    }

    /**
     * A job's last ended run as the daemon's history recorded it before this process started: sets
     * the last-run gauges (success, duration, time) and counts nothing, so a restarted daemon shows
     * the last outcome at once. A run that ends later replaces it.
     */
    public void lastRunOnRecord(String job, boolean succeeded, Duration duration, Instant endedAt) {
        requireNonNull(duration, "duration is null");
        requireNonNull(endedAt, "endedAt is null");
        job(job).onRecord(succeeded, duration, endedAt);
    }

    /** Makes a job show (kind, e.g. {@code backup}, and schedule text) before its first run. */
    public void jobDeclared(String name, String kind, String schedule) {
        requireNonNull(kind, "kind is null");
        requireNonNull(schedule, "schedule is null");
        job(name).declare(kind, schedule);
    }

    /**
     * The newest <em>committed</em> point of {@code disk}, as read from its repository, and the disk's
     * RPO target. Never call it with a run's start: a run in progress or failed commits nothing, and
     * freshness must not move for it. The point's age is computed at each scrape.
     */
    public void diskFreshness(String disk, Instant newestCommittedPoint, Duration targetRpo) {
        diskFreshness(disk, newestCommittedPoint, Optional.of(requireNonNull(targetRpo, "targetRpo is null")));
    }

    /**
     * As {@link #diskFreshness(String, Instant, Duration)}, for a disk that may have no RPO target:
     * without one it shows the point's time and age, but no target and no ratio.
     */
    public synchronized void diskFreshness(String disk, Instant newestCommittedPoint, Optional<Duration> targetRpo) {
        requireNonNull(disk, "disk is null");
        Freshness freshness;
        try {
            freshness = new Freshness(newestCommittedPoint, targetRpo);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("disk " + disk + ": " + e.getMessage(), e);
        }
        AtomicReference<Freshness> registered = disks.get(disk);
        if (registered != null && registered.get().targetRpo().isPresent() != targetRpo.isPresent()) {
            disks.remove(disk);
            removeTagged("disk", disk);
        }
        disks.computeIfAbsent(disk, name -> registerDisk(name, freshness)).set(freshness);
    }

    /**
     * The point a follower's standby holds was taken at {@code pointCreated}: its lag, the age of that
     * point, is told at scrape time, so it grows until the follower applies a newer one.
     */
    public void standbyPoint(String follower, Instant pointCreated) {
        requireNonNull(follower, "follower is null");
        requireNonNull(pointCreated, "pointCreated is null");
        followers.computeIfAbsent(follower, name -> registerFollower(name, pointCreated)).set(pointCreated);
    }

    /** The requests a repository's store meter has counted so far (a running total, not an increment). */
    public void storeRequests(String repository, long total) {
        storeTotal("pilotlight.store.requests", repository, "Requests sent to the repository's object store,"
                + " each attempt counted").report(total);
    }

    /** The retries of store requests for a repository so far (a running total, not an increment). */
    public void storeRetries(String repository, long total) {
        storeTotal("pilotlight.store.retries", repository, "Store requests that failed and were tried again")
                .report(total);
    }

    /** An alert message a channel accepted. */
    public void alertDelivered(String channel) {
        registry.counter("pilotlight.alert.messages", "channel", requireNonNull(channel, "channel is null")).increment();
    }

    /** One failed attempt to deliver an alert through a channel (each retry counts). */
    public void alertChannelFailed(String channel) {
        registry.counter("pilotlight.alert.channel.failures", "channel", requireNonNull(channel, "channel is null"))
                .increment();
    }

    /** An alert message the rate limit held back. */
    public void alertSuppressed() {
        registry.counter("pilotlight.alert.suppressed").increment();
    }

    /** How many alert conditions hold now, read at each scrape. */
    public void alertsFiring(java.util.function.IntSupplier firing) {
        requireNonNull(firing, "firing is null");
        Gauge.builder("pilotlight.alerts.firing", firing, supplier -> supplier.getAsInt())
                .description("Alert conditions holding now (one per rule and subject)").strongReference(true)
                .register(registry);
    }

    @Override
    public void on(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.Started started) {
            job(started.job()).started(started.at());
        } else if (event instanceof SchedulerEvent.Succeeded succeeded) {
            job(succeeded.job()).succeeded(succeeded.outcome(), succeeded.at());
            succeeded.outcome().follower().ifPresent(position -> standbyPoint(succeeded.job(), position.pointCreated()));
        } else if (event instanceof SchedulerEvent.Failed failed) {
            job(failed.job()).failed(failed.at());
        } else if (event instanceof SchedulerEvent.SkippedBecauseRunning skipped) {
            job(skipped.job()).skipped(skipped.count());
        } else if (event instanceof SchedulerEvent.CatchUp catchUp) {
            job(catchUp.job()).catchUp(catchUp.missedSlots());
        }
        // Stopped: runs still going keep pilotlight_job_running at 1, which is true.
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private JobMeters job(String name) {
        requireNonNull(name, "job is null");
        return jobs.computeIfAbsent(name, job -> new JobMeters(registry, job));
    }

    private AtomicReference<Freshness> registerDisk(String disk, Freshness first) {
        AtomicReference<Freshness> freshness = new AtomicReference<>(first);
        diskGauge("pilotlight.disk.newest.point.timestamp", "seconds", disk, freshness,
                "When the disk's newest committed point was taken, Unix time", Freshness::pointTimestampSeconds);
        diskGauge("pilotlight.disk.rpo", "seconds", disk, freshness,
                "Age of the disk's newest committed point at scrape time", f -> f.ageSeconds(clock.instant()));
        if (first.targetRpo().isEmpty()) {
            return freshness;
        }
        diskGauge("pilotlight.disk.rpo.target", "seconds", disk, freshness,
                "The disk's RPO target", Freshness::targetSeconds);
        diskGauge("pilotlight.disk.rpo.ratio", null, disk, freshness, "Age of the newest committed point divided by"
                + " the RPO target: <1 compliant, <=2 exceeded, <=4 severely, >4 critically exceeded",
                f -> f.ratio(clock.instant()));
        return freshness;
    }

    private void diskGauge(String name, String unit, String disk, AtomicReference<Freshness> freshness,
            String description, ToDoubleFunction<Freshness> value) {
        Gauge.builder(name, freshness, f -> value.applyAsDouble(f.get())).tag("disk", disk).baseUnit(unit)
                .description(description).strongReference(true).register(registry);
    }

    private AtomicReference<Instant> registerFollower(String follower, Instant first) {
        AtomicReference<Instant> created = new AtomicReference<>(first);
        Gauge.builder("pilotlight.follower.lag", created, c -> ageSeconds(c.get())).tag("follower", follower)
                .baseUnit("seconds").description("Age of the point the follower's standby holds, at scrape time")
                .strongReference(true).register(registry);
        return created;
    }

    private double ageSeconds(Instant created) {
        Duration age = Duration.between(created, clock.instant());
        return Freshness.seconds(age.isNegative() ? Duration.ZERO : age);
    }

    private RunningTotal storeTotal(String name, String repository, String description) {
        requireNonNull(repository, "repository is null");
        return storeTotals.computeIfAbsent(name + "\u0000" + repository, key -> {
            RunningTotal total = new RunningTotal(name + " of repository " + repository);
            FunctionCounter.builder(name, total, RunningTotal::value).tag("repository", repository)
                    .description(description).register(registry);
            return total;
        });
    }
}
