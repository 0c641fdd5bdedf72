package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How a disk's or group's newest committed point stands against its RPO target, by the ratio of its
 * age to the target (Acronis' RPO compliance, BRIEF §8): within the target compliant, up to twice
 * exceeded, up to four times severely exceeded, beyond that critical. An age exactly at the target is
 * still compliant, as {@code withinRpo} of {@code /api/status} and the metrics count it.
 */
public enum RpoState {
    COMPLIANT("compliant", "ok"),
    EXCEEDED("exceeded", "late"),
    SEVERELY_EXCEEDED("severely exceeded", "severe"),
    CRITICAL("critical", "critical"),
    /** No committed point yet: nothing could be recovered. Shown in the colour of critical. */
    NO_POINT("no restore point", "critical"),
    /** A point exists, but no target was configured to hold it to. */
    NO_TARGET("no RPO target", "none");

    private final String label;
    private final String cssClass;

    RpoState(String label, String cssClass) {
        this.label = label;
        this.cssClass = cssClass;
    }

    /** The words shown beside the colour, so the state reads without colour. */
    public String label() {
        return label;
    }

    /** The page's style class: {@code ok}, {@code late}, {@code severe}, {@code critical} or {@code none}. */
    public String cssClass() {
        return cssClass;
    }

    /** The state of a newest point of {@code age} (empty: no point) against {@code target} (empty: none). */
    public static RpoState of(Optional<Duration> age, Optional<Duration> target) {
        requireNonNull(age, "age is null");
        requireNonNull(target, "target is null");
        if (age.isEmpty()) {
            return NO_POINT;
        }
        if (target.isEmpty()) {
            return NO_TARGET;
        }
        return of(age.get(), target.get());
    }

    /** The state of a point {@code age} old against a positive {@code target}. */
    public static RpoState of(Duration age, Duration target) {
        if ((target.isNegative() || target.isZero())) {
            throw new IllegalArgumentException("RPO target " + target + " must be positive");
        }
        if (age.compareTo(target) <= 0) {
            return COMPLIANT;
        }
        if (age.compareTo(target.multipliedBy(2)) <= 0) {
            return EXCEEDED;
        }
        return age.compareTo(target.multipliedBy(4)) <= 0 ? SEVERELY_EXCEEDED : CRITICAL;
    }
}
