package io.pilotlight.daemon;

import io.pilotlight.recovery.follow.FollowState;
import io.pilotlight.recovery.follow.GroupFollower;
import io.pilotlight.repo.DrillEvidence;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.DrillRecord;
import io.pilotlight.repo.Repository;
import io.pilotlight.status.CbtState;
import io.pilotlight.status.DrillState;
import io.pilotlight.status.JobView;
import io.pilotlight.status.PointView;
import io.pilotlight.status.ProtectedItem;
import io.pilotlight.status.RunView;
import io.pilotlight.status.StandbyView;
import io.pilotlight.status.StatusSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status page's snapshot, read from what the daemon has: the plan's jobs, each repository (newest
 * committed points, points, change tracking, drills), the history (runs of the last days), the
 * scheduler (next runs, running jobs), and the followers' standby state files. A repository that
 * cannot be read makes its disks say so; it never fails the page.
 */
final class StatusViews {
    static final int POINTS_SHOWN = 100;

    private final PointCache cache = new PointCache();

    StatusSnapshot snapshot(List<JobPlan> jobs, Map<String, SharedRepository> repositories, RunHistory history,
                            Map<String, Instant> nextRuns, List<String> running, Instant now, Duration refresh) {
        List<ProtectedItem> items = new ArrayList<>();
        List<JobView> others = new ArrayList<>();
        for (JobPlan job : jobs) {
            Optional<RunView> lastRun = history.last(job.name()).map(StatusViews::view);
            Optional<Instant> next = Optional.ofNullable(nextRuns.get(job.name()));
            boolean runs = running.contains(job.name());
            if (job instanceof JobPlan.DiskReplication || job instanceof JobPlan.GroupReplication) {
                items.add(item(job, repositories.get(job.repository()), history, lastRun, next, runs,
                        standbys(job, jobs, repositories, history)));
            } else {
                others.add(new JobView(job.name(), job.kind(), job.schedule().text(), runs, lastRun, next));
            }
        }
        return new StatusSnapshot(now, refresh, items, others);
    }

    private ProtectedItem item(JobPlan job, SharedRepository shared, RunHistory history, Optional<RunView> lastRun,
                               Optional<Instant> next, boolean running, List<StandbyView> standbys) {
        boolean group = job instanceof JobPlan.GroupReplication;
        Optional<Duration> target = job instanceof JobPlan.DiskReplication disk ? disk.rpo()
                : ((JobPlan.GroupReplication) job).rpo();
        List<RunView> runs = history.recent(job.name()).stream().map(StatusViews::view).toList();
        ProtectedItem.Kind kind = group ? ProtectedItem.Kind.GROUP : ProtectedItem.Kind.DISK;
        List<String> configured = group ? ((JobPlan.GroupReplication) job).memberDisks() : List.of();
        try {
            Repository repository = shared.get();
            ItemPoints points = group ? groupPoints(shared.name(), repository, job.name(), configured)
                    : diskPoints(shared.name(), repository, job.name());
            return new ProtectedItem(kind, job.name(), job.schedule().text(), target,
                    points.shown().stream().findFirst().map(PointView::created), running, lastRun, next,
                    Optional.empty(), points.cbt(), points.count(), points.shown(), points.members(), standbys,
                    drill(repository, group, job.name()), runs);
        } catch (IOException | RuntimeException e) {
            return new ProtectedItem(kind, job.name(), job.schedule().text(), target, Optional.empty(), running,
                    lastRun, next, Optional.of("cannot read repository " + job.repository() + ": " + e.getMessage()),
                    Optional.empty(), 0, List.of(), configured, standbys, Optional.empty(), runs);
        }
    }

    private ItemPoints diskPoints(String repositoryName, Repository repository, String disk) throws IOException {
        List<String> ids = repository.pointIds(disk);
        List<PointView> shown = cache.disk(repositoryName, repository, disk, ids, POINTS_SHOWN);
        Optional<CbtState> cbt = ids.isEmpty() ? Optional.empty()
                : Optional.of(ChangeTracking.of(repository.manifest(disk, ids.get(ids.size() - 1))));
        return new ItemPoints(ids.size(), shown, cbt, List.of());
    }

    private ItemPoints groupPoints(String repositoryName, Repository repository, String group, List<String> configured)
            throws IOException {
        List<String> ids = repository.groupIds(group);
        List<PointView> shown = cache.group(repositoryName, repository, group, ids, POINTS_SHOWN);
        if (ids.isEmpty()) {
            return new ItemPoints(0, shown, Optional.empty(), configured);
        }
        GroupPoint newest = repository.groupPoint(group, ids.get(ids.size() - 1));
        List<CbtState> members = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (GroupPoint.Member member : newest.disks()) {
            members.add(ChangeTracking.of(repository.member(newest, member)));
            names.add(member.disk());
        }
        return new ItemPoints(ids.size(), shown, Optional.of(ChangeTracking.ofGroup(names, members)),
                configured.isEmpty() ? names : configured);
    }

    private record ItemPoints(int count, List<PointView> shown, Optional<CbtState> cbt,
                              List<String> members) {
    }

    private static Optional<DrillState> drill(Repository repository, boolean group, String owner) throws IOException {
        return repository.newestDrills(group, Optional.of(owner)).values().stream()
                .filter(DrillEvidence.Recorded.class::isInstance).map(evidence -> ((DrillEvidence.Recorded) evidence)
                        .record()).max(Comparator.comparing(DrillRecord::started)).map(StatusViews::drillState);
    }

    private static DrillState drillState(DrillRecord record) {
        String failed = String.join("; ", record.checks().stream().filter(check -> !check.ok())
                .map(check -> check.name() + ": " + check.detail()).toList());
        return new DrillState(record.point(), Instant.parse(record.started()), record.passed(), failed);
    }

    /** The standbys of the followers of this disk or group. */
    private static List<StandbyView> standbys(JobPlan job, List<JobPlan> jobs, Map<String, SharedRepository> repositories,
                                              RunHistory history) {
        boolean group = job instanceof JobPlan.GroupReplication;
        List<StandbyView> standbys = new ArrayList<>();
        for (JobPlan other : jobs) {
            if (other instanceof JobPlan.Following following && following.group() == group
                    && following.followed().equals(job.name())) {
                standbys.add(standby(following, repositories.get(following.repository()), history));
            }
        }
        return standbys;
    }

    private static StandbyView standby(JobPlan.Following job, SharedRepository repository, RunHistory history) {
        Optional<String> lastError = history.last(job.name()).filter(run -> !run.succeeded())
                .map(run -> "last run failed: " + run.reason());
        try {
            Optional<String> point = (job.group() ? GroupFollower.state(job.to(), job.followed())
                    .map(GroupFollower.State::point) : FollowState.read(job.to()).map(FollowState::point))
                    .filter(id -> !id.isEmpty());
            Optional<Instant> time = point.isEmpty() ? Optional.empty() : Optional.of(job.group()
                    ? repository.get().groupPoint(job.followed(), point.get()).createdAt()
                    : Instant.parse(repository.get().manifest(job.followed(), point.get()).created()));
            return new StandbyView(job.name(), job.to().toString(), point, time, lastError);
        } catch (IOException | RuntimeException e) {
            return new StandbyView(job.name(), job.to().toString(), Optional.empty(), Optional.empty(),
                    Optional.of("cannot read the standby's state or point: " + e.getMessage()));
        }
    }

    static RunView view(RunRecord record) {
        return new RunView(record.kind(), record.start(), record.end(), record.succeeded(), record.reason(),
                record.bytesRead(), record.bytesChanged(), record.bytesStored(), record.notable());
    }
}
