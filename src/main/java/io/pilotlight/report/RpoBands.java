package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import io.pilotlight.rpo.RpoLevel;
import io.pilotlight.rpo.RpoLine;
import java.time.Duration;
import java.time.Instant;

/**
 * How the measured time splits by the {@link RpoLevel} of the achieved RPO against the target (BRIEF
 * §8): {@code compliant}, {@code exceeded}, {@code severely}, {@code critically}, and time with no
 * committed point at all ({@code noPoint}). The five add up to the measured time.
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

    /** The bands of {@code line} over {@code measured} against {@code target}, to the millisecond. */
    static RpoBands of(RpoLine line, Duration target, Period measured) {
        long start = measured.start().toEpochMilli();
        long end = measured.end().toEpochMilli();
        long within1 = within(line, RpoLevel.EXCEEDED, target, measured);
        long within2 = within(line, RpoLevel.SEVERELY_EXCEEDED, target, measured);
        long within4 = within(line, RpoLevel.CRITICALLY_EXCEEDED, target, measured);
        long first = line.firstCommit().map(Instant::toEpochMilli).orElse(end);
        long noPoint = Math.max(0, Math.min(first, end) - start);
        return new RpoBands(Duration.ofMillis(within1), Duration.ofMillis(within2 - within1),
                Duration.ofMillis(within4 - within2), Duration.ofMillis(Math.max(0, end - start - within4 - noPoint)),
                Duration.ofMillis(noPoint));
    }

    private static long within(RpoLine line, RpoLevel level, Duration target, Period measured) {
        return line.withinTarget(level.threshold(target), measured.start(), measured.end()).toMillis();
    }

    public Duration total() {
        return compliant.plus(exceeded).plus(severely).plus(critically).plus(noPoint);
    }

    /** The share of the measured time within the target, 0 to 1. */
    public double compliance() {
        return total().isZero() ? 0 : (double) compliant.toMillis() / total().toMillis();
    }
}
