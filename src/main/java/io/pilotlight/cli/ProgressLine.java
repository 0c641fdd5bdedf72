package io.pilotlight.cli;

import java.util.Locale;

/** The text of one progress line: {@code replicate  50.0 MiB / 100.0 MiB  50%  25.0 MiB/s  ETA 0:02}. */
final class ProgressLine {
    private ProgressLine() {}

    /** {@code total} is -1 when unknown; {@code elapsedNanos} is time since the phase began. */
    static String render(String phase, long done, long total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double bytesPerSecond = seconds > 0 ? done / seconds : 0;
        String rate = ByteSize.format((long) bytesPerSecond) + "/s";
        if (total < 0) {
            return phase + "  " + ByteSize.format(done) + "  " + rate;
        }
        long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
        String eta = bytesPerSecond > 0
                ? HumanDuration.clock((long) Math.ceil(Math.max(0, total - done) / bytesPerSecond))
                : "-:--";
        return String.format(Locale.ROOT, "%s  %s / %s  %d%%  %s  ETA %s",
                phase, ByteSize.format(done), ByteSize.format(total), percent, rate, eta);
    }
}
