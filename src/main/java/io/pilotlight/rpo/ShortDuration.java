package io.pilotlight.rpo;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A duration in the short words the status page, the reports, the RPO chart and the alerts all use:
 * its two largest units from the first one that is not zero, a zero second unit left out: {@code 0s},
 * {@code 45s}, {@code 12m 5s}, {@code 6h 28m}, {@code 1h} (for 1h 0m 30s), {@code 2d 4h}. Whole seconds,
 * rounded down; a negative duration reads {@code 0s}. The command line's own timings (sub-second,
 * zero-padded: {@code 3.2 s}, {@code 4m 05s}) are another style, kept in {@code cli}.
 */
public record ShortDuration(Duration duration) {
    private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};
    private static final String[] UNITS = {"d", "h", "m", "s"};

    public ShortDuration {
        requireNonNull(duration, "duration is null");
    }

    /** {@code duration} in words, as {@link #toString()} of a {@code ShortDuration}. */
    public static String format(Duration duration) {
        return new ShortDuration(duration).toString();
    }

    @Override
    public String toString() {
        long seconds = Math.max(0, duration.toSeconds());
        for (int unit = 0; unit < UNITS.length - 1; unit++) {
            long amount = seconds / UNIT_SECONDS[unit];
            if (amount > 0) {
                long next = seconds % UNIT_SECONDS[unit] / UNIT_SECONDS[unit + 1];
                return amount + UNITS[unit] + (next > 0 ? " " + next + UNITS[unit + 1] : "");
            }
        }
        return seconds + "s";
    }
}
