package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/** The span a report covers: from {@code start} (inclusive) to {@code end} (exclusive). */
public record Period(Instant start, Instant end) {
    public Period {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("report period from " + start + " to " + end
                    + ": the start must be before the end");
        }
    }

    /** The {@code length} before {@code end}. */
    public static Period ending(Instant end, Duration length) {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("report period of " + length + ": must be longer than zero");
        }
        return new Period(end.minus(length), end);
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }
}
