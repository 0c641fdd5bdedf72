package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An S3 Object Lock retention of one object version: until {@code until} nobody may delete or
 * overwrite that version ({@link Mode#COMPLIANCE}), or only an identity allowed to bypass governance
 * ({@link Mode#GOVERNANCE}). A retention can be extended, never shortened (except by that bypass in
 * governance mode).
 */
public record ObjectRetention(Mode mode, Instant until) {
    /** S3's two retention modes. */
    public enum Mode { GOVERNANCE, COMPLIANCE }

    public ObjectRetention {
        requireNonNull(mode, "mode is null");
        requireNonNull(until, "until is null");
        // Whole seconds, rounded up (never shorter): S3 dates are ISO-8601 and some servers parse no fractions.
        Instant seconds = until.truncatedTo(ChronoUnit.SECONDS);
        until = seconds.equals(until) ? until : seconds.plusSeconds(1);
    }

    /** Whether the object is still locked at {@code now}. */
    public boolean lockedAt(Instant now) {
        return until.isAfter(now);
    }

    /** Whether this retention lasts at least until {@code time} in at least {@code mode}'s strength. */
    public boolean covers(Mode wanted, Instant time) {
        return !until.isBefore(time) && (mode == Mode.COMPLIANCE || wanted == Mode.GOVERNANCE);
    }
}
