package io.pilotlight.rpo;

import static java.util.Objects.requireNonNull;

import io.pilotlight.rpo.RpoSvg.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The achieved RPO of one disk or group over time, the one computation behind the status page's and the
 * reports' figures and charts. At an instant {@code t} it is {@code t} minus the data time of the newest
 * point committed at or before {@code t}; before the first commit there is no point and no RPO. Between
 * two commits it grows with the clock; a commit of a newer point drops it (a commit of an older point
 * changes nothing). A window {@code [from, to)} counts a commit at {@code from} as before it and one at
 * {@code to} as after it. Time within a target is measured exactly per interval between commits, an
 * instant exactly the target old counting as within (docs/operating.md, "Reports").
 */
public final class RpoLine {
    /** A point whose data was taken at {@code point} became visible to readers at {@code committed}. */
    public record Commit(Instant point, Instant committed) {
        public Commit {
            requireNonNull(point, "point is null");
            requireNonNull(committed, "committed is null");
            if (committed.isBefore(point)) {
                throw new IllegalArgumentException("point of " + point + " committed at " + committed
                        + ": a point cannot be committed before its data was taken");
            }
        }
    }

    /** From {@code at} on (until the next step), the newest committed point's data time is {@code point}. */
    private record Step(Instant at, Instant point) {}

    private final List<Step> steps;

    public RpoLine(List<Commit> commits) {
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

    /** The measure of {t in [from, to) : RPO(t) ≤ target}; instants with no point are never within. */
    public Duration withinTarget(Duration target, Instant from, Instant to) {
        long within = 0;
        for (int i = 0; i < steps.size(); i++) {
            long start = Math.max(steps.get(i).at().toEpochMilli(), from.toEpochMilli());
            long end = Math.min(i + 1 < steps.size() ? steps.get(i + 1).at().toEpochMilli() : Long.MAX_VALUE,
                    to.toEpochMilli());
            long limit = steps.get(i).point().toEpochMilli() + target.toMillis();
            within += Math.max(0, Math.min(end, limit) - start);
        }
        return Duration.ofMillis(within);
    }

    /**
     * The vertices of the line over {@code [from, to)}, oldest first: its value at {@code from} (if a
     * point existed), at each commit just before and just after the drop, and at {@code to}.
     */
    public List<Sample> samples(Instant from, Instant to) {
        List<Sample> samples = new ArrayList<>();
        Instant previous = newestPointAt(from).orElse(null);
        if (previous != null) {
            samples.add(sample(from, previous));
        }
        for (Step step : steps) {
            if (!step.at().isAfter(from) || !step.at().isBefore(to)) {
                continue;
            }
            if (previous != null) {
                samples.add(sample(step.at(), previous));
            }
            samples.add(sample(step.at(), step.point()));
            previous = step.point();
        }
        if (previous != null) {
            samples.add(sample(to, previous));
        }
        return List.copyOf(samples);
    }

    /** The largest RPO within {@code [from, to]} (the line's peaks), empty when no point existed in it. */
    public Optional<Duration> worst(Instant from, Instant to) {
        return samples(from, to).stream().map(Sample::age).max(Comparator.naturalOrder());
    }

    private static Sample sample(Instant at, Instant point) {
        return new Sample(at, Duration.between(point, at));
    }
}
