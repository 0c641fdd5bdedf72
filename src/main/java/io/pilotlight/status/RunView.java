package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/** One finished run of a job as the page shows it: why it ran, when, its outcome in plain words, its bytes. */
public record RunView(String kind, Instant start, Instant end, boolean succeeded, String reason, long bytesRead,
        long bytesChanged, long bytesStored, String notable) {
    public RunView {
        requireNonNull(kind, "kind is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(notable, "notable is null");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("run ends at " + end + ", before its start " + start);
        }
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    /** {@code succeeded}, {@code succeeded (full read after CBT was lost)} or {@code failed}. */
    public String outcome() {
        if (!succeeded) {
            return "failed";
        }
        if (notable.contains("CBT_FALLBACK")) {
            return "succeeded (full read: change tracking was lost)";
        }
        return notable.contains("WARNINGS") ? "succeeded with warnings" : "succeeded";
    }
}
