package io.pilotlight.cli;

import java.util.Locale;

/** Durations as people read them: {@code 850 ms}, {@code 3.2 s}, {@code 4m 05s}, {@code 2h 03m}. */
final class HumanDuration {
    private HumanDuration() {}

    static String format(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
    }

    /** A clock reading for an ETA: {@code 0:04}, {@code 12:30}, {@code 1:02:03}. */
    static String clock(long seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
