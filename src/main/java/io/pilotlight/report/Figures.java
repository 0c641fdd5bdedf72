package io.pilotlight.report;

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

    /** e.g. {@code 0s}, {@code 45s}, {@code 12m}, {@code 6h 28m}, {@code 2d 3h}: the two largest units. */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long[] amounts = {seconds / 86400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60};
        String[] units = {"d", "h", "m", "s"};
        StringBuilder text = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < amounts.length && shown < 2; i++) {
            if (amounts[i] > 0 || (shown > 0)) {
                if (amounts[i] > 0) {
                    text.append(text.isEmpty() ? "" : " ").append(amounts[i]).append(units[i]);
                }
                shown++;
            }
        }
        return text.isEmpty() ? "0s" : text.toString();
    }

    static String duration(Optional<Duration> duration, String none) {
        return duration.map(Figures::duration).orElse(none);
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
