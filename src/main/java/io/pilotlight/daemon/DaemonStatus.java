package io.pilotlight.daemon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pilotlight.recovery.follow.FollowState;
import io.pilotlight.recovery.follow.GroupFollower;
import io.pilotlight.repo.Manifest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code /api/status} document: per job its kind, schedule, last run, next run and whether it
 * runs; per disk its newest <em>committed</em> point and that point's age against the RPO, read from
 * the repository (a running or failed run never makes a disk look fresh).
 */
final class DaemonStatus {
    private DaemonStatus() {
    }

    static ObjectNode of(List<JobPlan> jobs, Map<String, SharedRepository> repositories, RunHistory history,
                         Map<String, Instant> nextRuns, List<String> running, Instant now) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("time", now.toString());
        ArrayNode jobNodes = root.putArray("jobs");
        ArrayNode diskNodes = root.putArray("disks");
        ArrayNode followerNodes = root.putArray("followers");
        for (JobPlan job : jobs) {
            ObjectNode node = jobNodes.addObject();
            node.put("name", job.name()).put("kind", job.kind()).put("schedule", job.schedule().text())
                    .put("repository", job.repository()).put("running", running.contains(job.name()));
            Optional.ofNullable(nextRuns.get(job.name())).ifPresentOrElse(
                    next -> node.put("nextRun", next.toString()), () -> node.putNull("nextRun"));
            history.last(job.name()).ifPresentOrElse(run -> node.set("lastRun", run.toJson()),
                    () -> node.putNull("lastRun"));
            if (job instanceof JobPlan.Following following) {
                followerNodes.add(follower(following, repositories.get(job.repository()), history, now));
            }
            for (JobPlan.WatchedDisk disk : job.disks()) {
                diskNodes.add(disk(job, disk, repositories.get(job.repository()), history, now));
            }
        }
        return root;
    }

    /** Where a follower's standby stands: the point its state names, that point's time and age. */
    private static ObjectNode follower(JobPlan.Following job, SharedRepository repository, RunHistory history,
                                       Instant now) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("follower", job.name()).put(job.group() ? "group" : "disk", job.followed())
                .put("to", job.to().toString());
        try {
            Optional<Instant> created = standbyPoint(job, repository, node);
            created.ifPresentOrElse(time -> node.put("standbyPointTime", time.toString())
                            .put("lagSeconds", Math.max(0, Duration.between(time, now).toSeconds())),
                    () -> node.putNull("standbyPointTime").putNull("lagSeconds"));
        } catch (IOException | RuntimeException e) {
            node.put("error", "cannot read the standby's state or point: " + e.getMessage());
        }
        history.last(job.name()).filter(run -> !run.succeeded())
                .ifPresent(run -> node.put("lastError", run.reason()));
        return node;
    }

    private static Optional<Instant> standbyPoint(JobPlan.Following job, SharedRepository repository, ObjectNode node)
            throws IOException {
        Optional<String> point = job.group()
                ? GroupFollower.state(job.to(), job.followed()).map(GroupFollower.State::point)
                : FollowState.read(job.to()).map(FollowState::point);
        if (point.isEmpty() || point.get().isEmpty()) {
            node.putNull("standbyPoint");
            return Optional.empty();
        }
        node.put("standbyPoint", point.get());
        return Optional.of(job.group() ? repository.get().groupPoint(job.followed(), point.get()).createdAt()
                : Instant.parse(repository.get().manifest(job.followed(), point.get()).created()));
    }

    private static ObjectNode disk(JobPlan job, JobPlan.WatchedDisk disk, SharedRepository repository,
                                   RunHistory history, Instant now) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("disk", disk.disk()).put("job", job.name());
        disk.rpo().ifPresentOrElse(rpo -> node.put("rpoSeconds", rpo.toSeconds()), () -> node.putNull("rpoSeconds"));
        try {
            Optional<Manifest> newest = repository.get().latest(disk.disk());
            if (newest.isPresent()) {
                Instant created = Instant.parse(newest.get().created());
                Duration age = Duration.between(created, now);
                node.put("newestPoint", newest.get().id()).put("newestPointTime", created.toString())
                        .put("ageSeconds", age.toSeconds());
                disk.rpo().ifPresent(rpo -> node.put("withinRpo", age.compareTo(rpo) <= 0));
            } else {
                node.putNull("newestPoint").putNull("newestPointTime").putNull("ageSeconds");
                disk.rpo().ifPresent(rpo -> node.put("withinRpo", false));
            }
        } catch (IOException | RuntimeException e) {
            node.put("error", "cannot read the repository: " + e.getMessage());
        }
        history.last(job.name()).filter(run -> !run.succeeded())
                .ifPresent(run -> node.put("lastError", run.reason()));
        return node;
    }
}
