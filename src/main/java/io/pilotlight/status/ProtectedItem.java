package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A protected disk or group as the page shows it: its replicate job's schedule and RPO target, its
 * newest committed point, its last and next run, why it cannot be read (if so), change tracking, its
 * restore points (newest first; {@code pointCount} of them in all), its members (a group), the
 * standbys that follow it, its newest drill, and its job's runs on record (oldest first).
 */
public record ProtectedItem(Kind kind, String name, String schedule, Optional<Duration> target,
        Optional<Instant> newestPoint, boolean running, Optional<RunView> lastRun, Optional<Instant> nextRun,
        Optional<String> readProblem, Optional<CbtState> cbt, int pointCount, List<PointView> points,
        List<String> members, List<StandbyView> standbys, Optional<DrillState> drill, List<RunView> runs) {

    /** A disk or a group; its pages live under {@code /disks/} and {@code /groups/}. */
    public enum Kind {
        DISK("disk", "disks"), GROUP("group", "groups");

        private final String word;
        private final String plural;

        Kind(String word, String plural) {
            this.word = word;
            this.plural = plural;
        }

        public String word() {
            return word;
        }

        public String plural() {
            return plural;
        }
    }

    public ProtectedItem {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(target, "target is null");
        requireNonNull(newestPoint, "newestPoint is null");
        requireNonNull(lastRun, "lastRun is null");
        requireNonNull(nextRun, "nextRun is null");
        requireNonNull(readProblem, "readProblem is null");
        requireNonNull(cbt, "cbt is null");
        points = List.copyOf(requireNonNull(points, "points is null"));
        members = List.copyOf(requireNonNull(members, "members is null"));
        standbys = List.copyOf(requireNonNull(standbys, "standbys is null"));
        requireNonNull(drill, "drill is null");
        runs = List.copyOf(requireNonNull(runs, "runs is null"));
        if (pointCount < points.size()) {
            throw new IllegalArgumentException(kind.word() + " " + name + ": " + points.size()
                    + " points shown but only " + pointCount + " in all");
        }
    }

    /** The age of the newest committed point at {@code now}; empty when there is none. */
    public Optional<Duration> age(Instant now) {
        return newestPoint.map(time -> Duration.between(time, now)).map(age -> age.isNegative() ? Duration.ZERO : age);
    }

    public RpoState state(Instant now) {
        return RpoState.of(age(now), target);
    }

    /** The last run's failure in plain words, when the last run failed. */
    public Optional<String> lastError() {
        return lastRun.filter(run -> !run.succeeded()).map(RunView::reason);
    }

    /** {@code /disks/NAME} or {@code /groups/NAME}. */
    public String path() {
        return "/" + kind.plural() + "/" + name;
    }
}
