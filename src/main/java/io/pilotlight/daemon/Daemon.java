package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pilotlight.alert.AlertEngine;
import io.pilotlight.alert.Delivery;
import io.pilotlight.alert.Sleeper;
import io.pilotlight.metrics.DaemonMetrics;
import io.pilotlight.schedule.CompositeSchedulerListener;
import io.pilotlight.schedule.RunNowAnswer;
import io.pilotlight.schedule.Schedule;
import io.pilotlight.schedule.ScheduledJob;
import io.pilotlight.schedule.Scheduler;
import io.pilotlight.schedule.SchedulerSettings;
import io.pilotlight.schedule.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: a {@link Scheduler} over the plan's jobs, the history, the metrics, and the
 * API. A reload stops the scheduler (running jobs are asked to stop and waited for), closes the old
 * repositories and starts a new scheduler over the new plan, with the last runs from the journal.
 *
 * <p>Metrics: every job of the plan is declared at start and at each reload, and the series of jobs
 * and disks a reload removed are removed too (docs/metrics.md). Each watched disk's newest committed
 * point is read from its repository at start and after each run of its job ({@link DiskFreshness}).
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final RunJournal journal;
    private final RunHistory history;
    private final SchedulerSettings settings;
    private final Clock clock;
    private final Timer timer;
    private final Duration stopTimeout;
    private final ApiServer api;
    private final DaemonMetrics metrics;
    private final StatusViews views = new StatusViews();
    private final AlertEngine alerts;
    private AlertTicker alertTicker;
    private DaemonPlan plan;
    private Scheduler scheduler;
    private Map<String, SharedRepository> repositories = Map.of();

    public Daemon(DaemonPlan plan, RunJournal journal, SchedulerSettings settings, Clock clock, Timer timer,
                  Duration stopTimeout, DaemonMetrics metrics) throws IOException {
        this.journal = requireNonNull(journal, "journal is null");
        this.history = new RunHistory(journal);
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.stopTimeout = requireNonNull(stopTimeout, "stopTimeout is null");
        this.plan = requireNonNull(plan, "plan is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        AlertMeters meters = new AlertMeters(metrics);
        this.alerts = new AlertEngine(clock, hostName(), new Delivery(Daemon::alertThread, Sleeper.SYSTEM, clock,
                meters), meters);
        metrics.alertsFiring(() -> alerts.firing().size());
        this.api = new ApiServer(plan.listen(), plan.token(), this, Optional.of(metrics::scrape));
        LOG.info("status page on http://{}:{}/ ({})", plan.listen().getHostString(), api.port(), plan.token().isEmpty()
                ? "loopback only, no token" : "every request needs the bearer token; a browser opens the page once"
                + " with ?token=TOKEN");
    }

    /** Starts the scheduler: each job's last run comes from the journal. */
    public synchronized void start() throws IOException {
        repositories = open(plan);
        List<ScheduledJob> jobs = new ArrayList<>();
        for (JobPlan job : plan.jobs()) {
            Schedule schedule = job.schedule().forJob(job.name());
            jobs.add(new ScheduledJob(job.name(), schedule, job.resourceKeys(),
                    new PlannedJob(job, repositories.get(job.repository()), clock)));
        }
        declareMetrics();
        alerts.configure(plan.alerts(), plan.jobs().stream().collect(Collectors.toMap(JobPlan::name, JobPlan::kind)));
        alerts.retainDisks(plan.jobs().stream().flatMap(job -> job.disks().stream()).map(JobPlan.WatchedDisk::disk)
                .collect(Collectors.toSet()));
        DiskFreshness freshness = new DiskFreshness(plan.jobs(), repositories, metrics, alerts);
        freshness.refreshAll();
        Map<String, Integer> perRepository = new LinkedHashMap<>();
        plan.repositories().keySet().forEach(name -> perRepository.put("repository:" + name, plan.maxPerRepository()));
        scheduler = new Scheduler(jobs, settings.withLimits(plan.maxJobs(), perRepository), clock, timer,
                new CompositeSchedulerListener(List.of(history, metrics, freshness, alerts)));
        scheduler.start(journal.lastRuns());
        if (!plan.alerts().channels().isEmpty()) {
            alertTicker = new AlertTicker(alerts, new RepositoryProbe(repositories), timer, clock,
                    plan.alerts().checkEvery());
            alertTicker.start();
        }
        LOG.info("running {} jobs: {}; API on port {}", jobs.size(), jobNames(), api.port());
    }

    /** Declares the plan's jobs, drops the series of jobs and disks no longer in it, shows the last runs on record. */
    private void declareMetrics() {
        metrics.retain(plan.jobs().stream().map(JobPlan::name).collect(Collectors.toSet()), plan.jobs().stream()
                .flatMap(job -> job.disks().stream()).map(JobPlan.WatchedDisk::disk).collect(Collectors.toSet()));
        for (JobPlan job : plan.jobs()) {
            metrics.jobDeclared(job.name(), job.kind(), job.schedule().text());
            history.last(job.name()).ifPresent(run -> metrics.lastRunOnRecord(job.name(), run.succeeded(),
                    Duration.between(run.start(), run.end()), run.end()));
        }
    }

    private static Map<String, SharedRepository> open(DaemonPlan plan) {
        Map<String, SharedRepository> opened = new LinkedHashMap<>();
        plan.repositories().forEach((name, opener) -> opened.put(name, new SharedRepository(name, opener)));
        return opened;
    }

    /** Stops the jobs of the old plan and starts the new one; the API stays up. */
    public synchronized void reload(DaemonPlan next) throws IOException, InterruptedException {
        requireNonNull(next, "next is null");
        stopScheduler();
        plan = next;
        start();
    }

    /**
     * Stops the jobs (cancelling running ones, waiting up to the stop timeout) and closes the
     * repositories.
     *
     * @return the jobs still running when the wait ended
     */
    public synchronized List<String> stopScheduler() throws InterruptedException {
        if (alertTicker != null) {
            alertTicker.stop();
            alertTicker = null;
        }
        List<String> stillRunning = scheduler == null ? List.of() : scheduler.stop(stopTimeout);
        if (!stillRunning.isEmpty()) {
            LOG.warn("jobs still running after {}: {}", stopTimeout, stillRunning);
        }
        for (SharedRepository repository : repositories.values()) {
            try {
                repository.close();
            } catch (IOException e) {
                LOG.warn("closing repository {}: {}", repository.name(), e.getMessage());
            }
        }
        repositories = Map.of();
        return stillRunning;
    }

    public synchronized List<String> jobNames() {
        return plan.jobs().stream().map(JobPlan::name).toList();
    }

    /** Runs a job now; see {@link RunNowAnswer}. */
    public RunNowAnswer runNow(String job) {
        Scheduler current;
        synchronized (this) {
            current = scheduler;
        }
        return current == null ? RunNowAnswer.STOPPED : current.runNow(job);
    }

    public synchronized ObjectNode status() {
        return DaemonStatus.of(plan.jobs(), repositories, history, scheduler.nextRuns(), scheduler.running(),
                clock.instant());
    }

    /** What the status page shows now (no jobs before the daemon starts). */
    public synchronized io.pilotlight.status.StatusSnapshot statusSnapshot() {
        return views.snapshot(plan.jobs(), repositories, history, scheduler == null ? Map.of() : scheduler.nextRuns(),
                scheduler == null ? List.of() : scheduler.running(), clock.instant(), plan.pageRefresh());
    }

    /** The alert conditions holding now and each channel's record, for {@code GET /api/alerts}. */
    public ObjectNode alerts() {
        return AlertStatus.of(alerts, clock.instant());
    }

    /** Each alert channel gets a thread of its own, so one slow or retrying channel holds up no other. */
    private static java.util.concurrent.Executor alertThread(String channel) {
        return java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pilotlight-alert-" + channel);
            thread.setDaemon(true);
            return thread;
        });
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    public int port() {
        return api.port();
    }

    /** Stops the jobs and the API; true when every job ended within the stop timeout. */
    public boolean shutdown() throws InterruptedException {
        List<String> stillRunning = stopScheduler();
        api.close();
        return stillRunning.isEmpty();
    }

    @Override
    public void close() throws InterruptedException {
        shutdown();
    }
}
