package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import io.pilotlight.rpo.RpoLevel;
import java.time.Duration;
import java.util.Optional;

/**
 * How a disk's or group's newest committed point stands on the status page: its {@link RpoLevel}
 * against its RPO target in words and a colour, or no point, or no target.
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

    /** The state of a point {@code age} old against a positive {@code target}: its {@link RpoLevel}. */
    public static RpoState of(Duration age, Duration target) {
        return switch (RpoLevel.of(age, target)) {
            case COMPLIANT -> COMPLIANT;
            case EXCEEDED -> EXCEEDED;
            case SEVERELY_EXCEEDED -> SEVERELY_EXCEEDED;
            case CRITICALLY_EXCEEDED -> CRITICAL;
        };
    }
}
