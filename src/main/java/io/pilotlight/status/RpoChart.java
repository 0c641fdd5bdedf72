package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import io.pilotlight.rpo.RpoLine;
import io.pilotlight.rpo.RpoSvg;
import io.pilotlight.rpo.RpoSvg.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The achieved RPO over a window of the status page: the age of the newest committed point at each
 * moment ({@link RpoLine}, the reports' computation too), its share within the target, and its chart
 * ({@link RpoSvg}, failed runs as red ticks). Time before the first commit in or before the window is
 * unknown and left blank.
 */
public final class RpoChart {
    static final int WIDTH = RpoSvg.WIDTH;

    private final Instant from;
    private final Instant to;
    private final Optional<Duration> target;
    private final RpoLine line;
    private final List<Instant> failures;

    public RpoChart(Instant from, Instant to, Optional<Duration> target, List<RpoLine.Commit> commits,
            List<Instant> failures) {
        this.from = requireNonNull(from, "from is null");
        this.to = requireNonNull(to, "to is null");
        this.target = requireNonNull(target, "target is null");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("chart window " + from + " to " + to + " is empty");
        }
        this.line = new RpoLine(requireNonNull(commits, "commits is null"));
        this.failures = requireNonNull(failures, "failures is null").stream()
                .filter(time -> !time.isBefore(from) && !time.isAfter(to)).sorted().toList();
    }

    /** The corners of the age line within the window, oldest first. */
    List<Sample> samples() {
        return line.samples(from, to);
    }

    /**
     * The share of the known part of the window (from its start or the first commit in it) in which the
     * newest point was within the target: empty without a target or without any known time.
     */
    public Optional<Double> compliantShare() {
        Optional<Instant> first = line.firstCommit();
        if (target.isEmpty() || first.isEmpty() || !first.get().isBefore(to)) {
            return Optional.empty();
        }
        Instant known = first.get().isAfter(from) ? first.get() : from;
        double span = Duration.between(known, to).toMillis();
        return Optional.of(line.withinTarget(target.get(), known, to).toMillis() / span);
    }

    /** The chart as an {@code <svg>} with {@code title} as its accessible name. */
    public String svg(String title) {
        return new RpoSvg(from, to, target, samples(), failures, Optional.empty()).svg("chart", "age", title);
    }
}
