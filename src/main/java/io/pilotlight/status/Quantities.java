package io.pilotlight.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Sizes and times in the short words the page uses: {@code 4.0 MiB}, UTC times (durations:
 * {@link io.pilotlight.rpo.ShortDuration}).
 */
final class Quantities {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private Quantities() {
    }
    /** Binary units with one decimal: {@code 512 B}, {@code 4.0 MiB}. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String time(Instant time) {
        return TIME.format(time);
    }

    /** {@code 06-01 10:15}, for chart axes. */
    static String shortTime(Instant time) {
        return SHORT.format(time);
    }
}
