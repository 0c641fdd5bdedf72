package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.follow.FollowResult;
import io.pilotlight.recovery.follow.Follower;
import io.pilotlight.recovery.follow.GroupFollower;
import io.pilotlight.recovery.follow.Verification;
import io.pilotlight.recovery.image.HeldFollowLocks;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.schedule.ByteCounts;
import io.pilotlight.schedule.FollowerPosition;
import io.pilotlight.schedule.JobOutcome;
import io.pilotlight.schedule.Notable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One poll of a follower ({@code follow} in-process): brings the standby to the newest point. A
 * disk's standby is handed to {@link Follower} every poll, under its image lock; when it already
 * holds the newest point nothing is written and nothing is verified (an image something else wrote
 * is still found and repaired). A group's directory is left alone, unlocked and unwritten, when its
 * state names the newest group point and no unfinished apply; else {@link GroupFollower} runs under
 * the group's lock. The outcome tells where the standby stands ({@link FollowerPosition}).
 */
final class FollowerRun {
    private final JobPlan.Following plan;
    private final Clock clock;
    private String held;

    FollowerRun(JobPlan.Following plan, Clock clock) {
        this.plan = requireNonNull(plan, "plan is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The outcome, its duration left at zero for the caller to fill. */
    JobOutcome run(Repository repository) throws IOException {
        return plan.group() ? group(repository) : disk(repository);
    }

    private JobOutcome disk(Repository repository) throws IOException {
        Optional<Manifest> newest = repository.latest(plan.followed());
        if (newest.isEmpty()) {
            return nothingYet("disk " + plan.followed() + " has no point yet");
        }
        Verification verify = newest.get().id().equals(held) ? Verification.OFF : plan.verify();
        FollowResult result = new Follower(repository, ProgressListener.NONE, HeldFollowLocks.EACH_FOLLOW, clock)
                .follow(plan.followed(), plan.to(), Optional.of(newest.get().id()), Optional.of(verify), false);
        held = result.point();
        FollowerPosition position = new FollowerPosition(result.point(), Instant.parse(result.pointCreated()),
                Instant.parse(newest.get().created()));
        return outcome(new ByteCounts(result.dataBytes(), result.dataBytes(), 0, 0),
                result.comparedInFull() ? List.of(plan.to() + " was compared grain by grain with point "
                        + result.point() + (result.imageChanged() ? " (something else had written it)"
                        : " (the point it held was forgotten)")) : List.of(), position);
    }

    private JobOutcome group(Repository repository) throws IOException {
        Optional<GroupPoint> newest = repository.latestGroup(plan.followed());
        if (newest.isEmpty()) {
            return nothingYet("group " + plan.followed() + " has no group point yet");
        }
        FollowerPosition position = new FollowerPosition(newest.get().id(), newest.get().createdAt(),
                newest.get().createdAt());
        Optional<GroupFollower.State> state = GroupFollower.state(plan.to(), plan.followed());
        if (state.isPresent() && newest.get().id().equals(state.get().point()) && state.get().applying() == null) {
            return outcome(ByteCounts.NONE, List.of(), position);
        }
        GroupFollower follower = new GroupFollower(repository, ProgressListener.NONE, HeldFollowLocks.EACH_FOLLOW, clock);
        GroupFollower.Result result = follower.follow(plan.followed(), plan.to(), Optional.of(newest.get().id()),
                Optional.of(plan.verify()), false);
        long bytes = result.disks().stream().mapToLong(FollowResult::dataBytes).sum();
        return outcome(new ByteCounts(bytes, bytes, 0, 0), List.of(), position);
    }

    private static JobOutcome outcome(ByteCounts bytes, List<String> warnings, FollowerPosition position) {
        JobOutcome outcome = warnings.isEmpty() ? JobOutcome.success(Duration.ZERO, bytes)
                : new JobOutcome(true, Duration.ZERO, String.join("; ", warnings), bytes, Set.of(Notable.WARNINGS));
        return outcome.withFollower(position);
    }

    /** Nothing to follow yet (the first replicate has not run): not a failure, said in the reason. */
    private static JobOutcome nothingYet(String why) {
        return new JobOutcome(true, Duration.ZERO, why + "; nothing to follow", ByteCounts.NONE,
                Set.of(Notable.WARNINGS));
    }
}
