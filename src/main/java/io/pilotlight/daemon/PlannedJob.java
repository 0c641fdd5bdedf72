package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.GroupReplicator;
import io.pilotlight.replicate.MachineReplicator;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.check.VerifyReport;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.forget.ForgetOptions;
import io.pilotlight.repo.forget.ForgetResult;
import io.pilotlight.repo.forget.Forgetter;
import io.pilotlight.repo.prune.Pruner;
import io.pilotlight.schedule.ByteCounts;
import io.pilotlight.schedule.Job;
import io.pilotlight.schedule.JobContext;
import io.pilotlight.schedule.JobOutcome;
import io.pilotlight.schedule.Notable;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.SourceUri;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobPlan} as a scheduler {@link Job}: calls the library and fills the outcome from its result.
 * A replicate with a retention policy forgets by it after its point is committed; a failed forget
 * fails the run (the point stays committed, so freshness is not affected).
 */
final class PlannedJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(PlannedJob.class);

    private final JobPlan plan;
    private final SharedRepository repository;
    private final Clock clock;
    private final FollowerRun follower;

    PlannedJob(JobPlan plan, SharedRepository repository, Clock clock) {
        this.plan = requireNonNull(plan, "plan is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.follower = plan instanceof JobPlan.Following following ? new FollowerRun(following, clock) : null;
    }

    @Override
    public JobOutcome run(JobContext context) throws IOException {
        Instant start = clock.instant();
        if (context.cancelled()) {
            return JobOutcome.failure(Duration.ZERO, plan.name() + ": cancelled before it started (daemon stopping)");
        }
        RunCancellation cancellation = RunCancellation.of(context);
        try {
            if (plan instanceof JobPlan.DiskReplication disk) {
                return replicate(disk, start, cancellation);
            }
            if (plan instanceof JobPlan.GroupReplication group) {
                return replicate(group, start, cancellation);
            }
            if (plan instanceof JobPlan.Following) {
                return timed(follower.run(repository.get()), start);
            }
            if (plan instanceof JobPlan.Drilling drill) {
                return timed(DrillRun.run(drill, repository.get()), start);
            }
            if (plan instanceof JobPlan.CloudSync cloud) {
                return timed(CloudSyncRun.run(cloud, repository.get(), clock), start);
            }
            if (plan instanceof JobPlan.Reporting reporting) {
                LOG.info("{}: {}", plan.name(), reporting.producer().produce(clock.instant()));
                return JobOutcome.success(since(start), ByteCounts.NONE);
            }
            if (plan instanceof JobPlan.Verification verify) {
                return verify(verify, start, cancellation);
            }
            return prune((JobPlan.Pruning) plan, start, cancellation);
        } catch (IOException | RuntimeException e) {
            return JobOutcome.failure(since(start), plan.kind() + " " + plan.name() + " failed: " + reason(e));
        }
    }

    private JobOutcome replicate(JobPlan.DiskReplication disk, Instant start, RunCancellation cancellation)
            throws IOException {
        try (ChangedBlockSource source = cancellation.source(SourceUri.open(disk.source()))) {
            PointInfo point = new Replicator(repository.get(), options(), ProgressListener.NONE, clock)
                    .replicate(disk.name(), source);
            return retain(outcome(List.of(point), start), disk.retention(), false, point.id(), start);
        }
    }

    private JobOutcome replicate(JobPlan.GroupReplication group, Instant start, RunCancellation cancellation)
            throws IOException {
        GroupReplicator.Result result = new MachineReplicator(repository.get(), options(), ProgressListener.NONE,
                clock).replicate(group.name(), cancellation.machine(group.machine()),
                MachineReplicator.Listener.NONE);
        return retain(outcome(result.disks(), start), group.retention(), true, result.point().id(), start);
    }

    /** The commands' defaults, with the host cache directory the repository's opener names (as replicate's). */
    private ReplicateOptions options() {
        return ReplicateOptions.defaults().withCache(repository.cache());
    }

    /**
     * Forgets the disk's points (or the group's group points) by the policy, after {@code point} was
     * committed; the newest point is always kept (retention's first rule). A failure fails the run.
     */
    private JobOutcome retain(JobOutcome replicated, Optional<ForgetOptions> retention, boolean group, String point,
            Instant start) {
        if (retention.isEmpty()) {
            return replicated;
        }
        try {
            Forgetter forgetter = new Forgetter(repository.get());
            ForgetResult result = group ? forgetter.group(plan.name(), retention.get())
                    : forgetter.disk(plan.name(), retention.get());
            if (result.removed() > 0) {
                LOG.info("{}: forgot {} of {} {} by policy {}: {}", plan.name(), result.removed(), result.total(),
                        group ? "group points" : "points", result.policy(), result.removedIds());
            }
            return replicated;
        } catch (IOException | RuntimeException e) {
            return JobOutcome.failure(since(start), plan.kind() + " " + plan.name() + ": point " + point
                    + " is committed, but forget by policy " + retention.get().describe() + " failed: " + reason(e));
        }
    }

    private JobOutcome timed(JobOutcome outcome, Instant start) {
        return new JobOutcome(outcome.succeeded(), since(start), outcome.reason(), outcome.bytes(), outcome.notable(),
                outcome.follower());
    }

    private JobOutcome verify(JobPlan.Verification verify, Instant start, RunCancellation cancellation)
            throws IOException {
        VerifyReport report = new Verifier(repository.get(), cancellation.progress()).verify(verify.readData());
        if (!report.ok()) {
            return JobOutcome.failure(since(start), "verify " + verify.name() + ": " + report.faults().size()
                    + " faults, first: " + report.faults().get(0));
        }
        return JobOutcome.success(since(start), new ByteCounts(report.bytesChecked(), 0, 0, 0));
    }

    private JobOutcome prune(JobPlan.Pruning prune, Instant start, RunCancellation cancellation) throws IOException {
        new Pruner(repository.get(), prune.options(), clock, cancellation.progress()).run();
        return JobOutcome.success(since(start), ByteCounts.NONE);
    }

    /**
     * Sums the points' bytes. A point that read its whole disk although it had a parent, and says why
     * in a warning, fell back from change tracking ({@link Notable#CBT_FALLBACK}); other warnings are
     * {@link Notable#WARNINGS}, told in the reason.
     */
    private JobOutcome outcome(List<PointInfo> points, Instant start) {
        long read = 0;
        long changed = 0;
        long stored = 0;
        List<String> warnings = new ArrayList<>();
        boolean fallback = false;
        for (PointInfo point : points) {
            read += point.readBytes();
            changed += point.changedBytes();
            stored += point.storedBytes();
            point.warnings().forEach(warning -> warnings.add(point.disk() + ": " + warning));
            fallback |= point.fullPass() && point.parent().isPresent() && !point.warnings().isEmpty();
        }
        ByteCounts bytes = new ByteCounts(read, changed, stored, stored);
        if (warnings.isEmpty()) {
            return JobOutcome.success(since(start), bytes);
        }
        Notable flag = fallback ? Notable.CBT_FALLBACK : Notable.WARNINGS;
        return new JobOutcome(true, since(start), String.join("; ", warnings), bytes, Set.of(flag));
    }

    private Duration since(Instant start) {
        Duration elapsed = Duration.between(start, clock.instant());
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
