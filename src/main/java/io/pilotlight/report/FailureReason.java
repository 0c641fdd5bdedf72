package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** Failed runs with one reason: how many, and the first and last time (their ends). */
public record FailureReason(String reason, int count, Instant first, Instant last) {
    public FailureReason {
        requireNonNull(reason, "reason is null");
        requireNonNull(first, "first is null");
        requireNonNull(last, "last is null");
    }
}
