package io.pilotlight.alert;

/** Words for messages: sizes as people say them (durations: {@link io.pilotlight.rpo.ShortDuration}). */
final class AlertText {
    private AlertText() {}

    /** Bytes as GiB/MiB with one decimal. */
    static String bytes(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
