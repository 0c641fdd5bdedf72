package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import io.pilotlight.rpo.RpoSvg;
import io.pilotlight.rpo.RpoSvg.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The achieved RPO over a window from plain commits (when the point's data was taken, when it was
 * committed), so any history can feed it: the age of the newest committed point at each moment (it
 * grows by one second a second and drops when a run commits a point), its share within the target,
 * and its chart ({@link RpoSvg}, failed runs as red ticks). Time before the first commit in or before
 * the window is unknown and left blank.
 */
public final class RpoChart {
    static final int WIDTH = RpoSvg.WIDTH;

    /** A point of data taken at {@code point} and committed at {@code committed}. */
    public record Commit(Instant point, Instant committed) {
        public Commit {
            requireNonNull(point, "point is null");
            requireNonNull(committed, "committed is null");
            if (committed.isBefore(point)) {
                throw new IllegalArgumentException("a point taken at " + point + " cannot be committed before it, at "
                        + committed);
            }
        }
    }

    private final Instant from;
    private final Instant to;
    private final Optional<Duration> target;
    private final List<Sample> samples;
    private final List<Instant> failures;

    public RpoChart(Instant from, Instant to, Optional<Duration> target, List<Commit> commits, List<Instant> failures) {
        this.from = requireNonNull(from, "from is null");
        this.to = requireNonNull(to, "to is null");
        this.target = requireNonNull(target, "target is null");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("chart window " + from + " to " + to + " is empty");
        }
        this.samples = samples(from, to, requireNonNull(commits, "commits is null"));
        this.failures = requireNonNull(failures, "failures is null").stream()
                .filter(time -> !time.isBefore(from) && !time.isAfter(to)).sorted().toList();
    }

    /** The corners of the age line within the window, oldest first. */
    static List<Sample> samples(Instant from, Instant to, List<Commit> commits) {
        List<Commit> sorted = commits.stream().filter(commit -> !commit.committed().isAfter(to))
                .sorted(Comparator.comparing(Commit::committed)).toList();
        List<Sample> samples = new ArrayList<>();
        Instant newest = null;
        for (Commit commit : sorted) {
            if (!commit.committed().isAfter(from)) {
                newest = later(newest, commit.point());
                continue;
            }
            if (newest == null) {
                samples.add(new Sample(commit.committed(), Duration.between(commit.point(), commit.committed())));
            } else {
                if (samples.isEmpty()) {
                    samples.add(new Sample(from, Duration.between(newest, from)));
                }
                samples.add(new Sample(commit.committed(), Duration.between(newest, commit.committed())));
                samples.add(new Sample(commit.committed(), Duration.between(later(newest, commit.point()),
                        commit.committed())));
            }
            newest = later(newest, commit.point());
        }
        if (newest != null) {
            if (samples.isEmpty()) {
                samples.add(new Sample(from, Duration.between(newest, from)));
            }
            samples.add(new Sample(to, Duration.between(newest, to)));
        }
        return samples;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    List<Sample> samples() {
        return samples;
    }

    /**
     * The share of the known part of the window in which the newest point was within the target: empty
     * without a target or without any known time.
     */
    public Optional<Double> compliantShare() {
        if (target.isEmpty() || samples.size() < 2) {
            return Optional.empty();
        }
        double known = 0;
        double within = 0;
        for (int i = 1; i < samples.size(); i++) {
            Sample start = samples.get(i - 1);
            double span = Duration.between(start.time(), samples.get(i).time()).toMillis();
            known += span;
            double left = target.get().toMillis() - start.age().toMillis();
            within += Math.max(0, Math.min(span, left));
        }
        return known == 0 ? Optional.empty() : Optional.of(within / known);
    }

    /** The chart as an {@code <svg>} with {@code title} as its accessible name. */
    public String svg(String title) {
        return new RpoSvg(from, to, target, samples, failures, Optional.empty()).svg("chart", "age", title);
    }
}
