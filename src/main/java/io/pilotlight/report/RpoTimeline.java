package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The achieved RPO of one disk or group over time. At an instant {@code t} it is {@code t} minus the
 * data time of the newest point committed at or before {@code t}; before the first commit there is no
 * point and no RPO. Between two commits it grows with the clock; a commit of a newer point drops it.
 * Compliance with a target is the measure of the instants whose RPO is within the target, computed
 * exactly per interval between commits (docs/operating.md, "Reports").
 */
public final class RpoTimeline {
    /** From {@code at} on (until the next step), the newest committed point's data time is {@code point}. */
    private record Step(Instant at, Instant point) {}

    private final List<Step> steps;

    public RpoTimeline(List<Commit> commits) {
        List<Commit> sorted = new ArrayList<>(requireNonNull(commits, "commits is null"));
        sorted.sort(Comparator.comparing(Commit::committed).thenComparing(Commit::point));
        List<Step> built = new ArrayList<>();
        for (Commit commit : sorted) {
            Step last = built.isEmpty() ? null : built.get(built.size() - 1);
            if (last != null && !commit.point().isAfter(last.point())) {
                continue;
            }
            if (last != null && last.at().equals(commit.committed())) {
                built.set(built.size() - 1, new Step(commit.committed(), commit.point()));
            } else {
                built.add(new Step(commit.committed(), commit.point()));
            }
        }
        this.steps = List.copyOf(built);
    }

    /** The achieved RPO at {@code t}; empty when no point was committed by then. */
    public Optional<Duration> at(Instant t) {
        return newestPointAt(t).map(point -> Duration.between(point, t));
    }

    /** When the first point became visible, if ever. */
    public Optional<Instant> firstCommit() {
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(0).at());
    }

    private Optional<Instant> newestPointAt(Instant t) {
        Instant point = null;
        for (Step step : steps) {
            if (step.at().isAfter(t)) {
                break;
            }
            point = step.point();
        }
        return Optional.ofNullable(point);
    }

    /** The measure of {t in period : RPO(t) ≤ target}; instants with no point are never within. */
    public Duration withinTarget(Duration target, Period period) {
        long within = 0;
        for (int i = 0; i < steps.size(); i++) {
            long from = Math.max(steps.get(i).at().toEpochMilli(), period.start().toEpochMilli());
            long to = Math.min(i + 1 < steps.size() ? steps.get(i + 1).at().toEpochMilli() : Long.MAX_VALUE,
                    period.end().toEpochMilli());
            long limit = steps.get(i).point().toEpochMilli() + target.toMillis();
            within += Math.max(0, Math.min(to, limit) - from);
        }
        return Duration.ofMillis(within);
    }

    /**
     * The vertices of the RPO line over {@code period}: its value at the start (if a point existed), at
     * each commit just before and just after the drop, and at the end.
     */
    public List<RpoSample> samples(Period period) {
        List<RpoSample> samples = new ArrayList<>();
        newestPointAt(period.start()).ifPresent(point -> samples.add(sample(period.start(), point)));
        Instant previous = newestPointAt(period.start()).orElse(null);
        for (Step step : steps) {
            if (!period.contains(step.at()) || step.at().equals(period.start())) {
                continue;
            }
            if (previous != null) {
                samples.add(sample(step.at(), previous));
            }
            samples.add(sample(step.at(), step.point()));
            previous = step.point();
        }
        if (previous != null) {
            samples.add(sample(period.end(), previous));
        }
        return List.copyOf(samples);
    }

    /** The largest RPO within the period (the line's peaks), empty when no point was committed in it. */
    public Optional<Duration> worst(Period period) {
        return samples(period).stream().map(RpoSample::rpo).max(Comparator.naturalOrder());
    }

    private static RpoSample sample(Instant at, Instant point) {
        return new RpoSample(at, Duration.between(point, at));
    }
}
