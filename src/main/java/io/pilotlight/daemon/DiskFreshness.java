package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.alert.AlertEngine;
import io.pilotlight.metrics.DaemonMetrics;
import io.pilotlight.repo.Manifest;
import io.pilotlight.schedule.SchedulerEvent;
import io.pilotlight.schedule.SchedulerListener;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the metrics and the alerts each watched disk's newest <em>committed</em> point, read from its repository:
 * every disk when the daemon starts (so a daemon started after downtime shows the true age at once)
 * and a job's disks after each of its runs ends, whatever the outcome. It never reports a run's start
 * or end time: a running or failed run commits nothing and so moves nothing. A disk with no committed
 * point, or whose repository cannot be read, is left as it was (and logged).
 */
final class DiskFreshness implements SchedulerListener {
    private static final Logger LOG = LoggerFactory.getLogger(DiskFreshness.class);

    private final List<JobPlan> jobs;
    private final Map<String, SharedRepository> repositories;
    private final DaemonMetrics metrics;
    private final AlertEngine alerts;

    DiskFreshness(List<JobPlan> jobs, Map<String, SharedRepository> repositories, DaemonMetrics metrics,
            AlertEngine alerts) {
        this.jobs = List.copyOf(requireNonNull(jobs, "jobs is null"));
        this.repositories = Map.copyOf(requireNonNull(repositories, "repositories is null"));
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.alerts = requireNonNull(alerts, "alerts is null");
    }

    /** Reads every watched disk's newest committed point. */
    void refreshAll() {
        jobs.forEach(this::refresh);
    }

    @Override
    public void on(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.Succeeded succeeded) {
            refresh(succeeded.job());
        } else if (event instanceof SchedulerEvent.Failed failed) {
            refresh(failed.job());
        }
    }

    private void refresh(String jobName) {
        jobs.stream().filter(job -> job.name().equals(jobName)).forEach(this::refresh);
    }

    private void refresh(JobPlan job) {
        for (JobPlan.WatchedDisk disk : job.disks()) {
            try {
                Optional<Manifest> newest = repositories.get(job.repository()).get().latest(disk.disk());
                if (newest.isPresent()) {
                    metrics.diskFreshness(disk.disk(), Instant.parse(newest.get().created()), disk.rpo());
                    alerts.diskPoint(disk.disk(), Instant.parse(newest.get().created()), disk.rpo());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("disk {}: cannot read its newest committed point from repository {}: {}", disk.disk(),
                        job.repository(), e.getMessage());
            }
        }
    }
}
