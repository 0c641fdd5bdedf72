package io.pilotlight.report;

import io.pilotlight.rpo.ShortDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** How a report writes its figures for people: durations, sizes, shares and times (UTC). */
final class Figures {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Figures() {
    }

    /** {@code duration} as {@link ShortDuration} writes it, or {@code none}. */
    static String duration(Optional<Duration> duration, String none) {
        return duration.map(ShortDuration::format).orElse(none);
    }

    /** e.g. {@code 0 B}, {@code 512 B}, {@code 1.5 MiB}. */
    static String bytes(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** A share as a percentage with two decimals, never rounded up to 100 unless it is all: {@code 99.99 %}. */
    static String percent(double share) {
        double floored = Math.floor(share * 10000) / 100;
        return String.format(Locale.ROOT, "%.2f %%", floored);
    }

    /** e.g. {@code 2026-12-03 07:00 UTC}. */
    static String time(Instant instant) {
        return MINUTES.format(instant);
    }
}
