package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the measured time splits by the achieved RPO against the target (BRIEF §8, after Acronis): within
 * the target ({@code compliant}), up to twice it ({@code exceeded}), up to four times ({@code severely}),
 * beyond ({@code critically}), and time with no committed point at all ({@code noPoint}). The five add
 * up to the measured time.
 */
public record RpoBands(Duration compliant, Duration exceeded, Duration severely, Duration critically,
        Duration noPoint) {
    public RpoBands {
        requireNonNull(compliant, "compliant is null");
        requireNonNull(exceeded, "exceeded is null");
        requireNonNull(severely, "severely is null");
        requireNonNull(critically, "critically is null");
        requireNonNull(noPoint, "noPoint is null");
    }

    /** The bands of {@code timeline} over {@code measured} against {@code target}. */
    static RpoBands of(RpoTimeline timeline, Duration target, Period measured) {
        Duration within1 = timeline.withinTarget(target, measured);
        Duration within2 = timeline.withinTarget(target.multipliedBy(2), measured);
        Duration within4 = timeline.withinTarget(target.multipliedBy(4), measured);
        Duration noPoint = timeline.firstCommit().map(first -> first.isAfter(measured.start())
                ? Duration.between(measured.start(), first.isBefore(measured.end()) ? first : measured.end())
                : Duration.ZERO).orElse(measured.length());
        return new RpoBands(within1, within2.minus(within1), within4.minus(within2),
                measured.length().minus(within4).minus(noPoint), noPoint);
    }

    public Duration total() {
        return compliant.plus(exceeded).plus(severely).plus(critically).plus(noPoint);
    }

    /** The share of the measured time within the target, 0 to 1. */
    public double compliance() {
        return total().isZero() ? 0 : (double) compliant.toMillis() / total().toMillis();
    }
}
