package io.pilotlight.alert;

import java.time.Duration;

/** Words for messages: durations as people say them, and HTML escaping. */
final class AlertText {
    private AlertText() {}

    /** {@code 2h 10m}, {@code 45s}, {@code 3d 4h}: the two largest units. */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + "d" + (hours > 0 ? " " + hours + "h" : "");
        }
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
        }
        return minutes > 0 ? minutes + "m" : seconds + "s";
    }

    /** Bytes as GiB/MiB with one decimal. */
    static String bytes(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
