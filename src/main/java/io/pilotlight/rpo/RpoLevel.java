package io.pilotlight.rpo;

import java.time.Duration;

/**
 * How the age of the newest committed point stands against its RPO target (BRIEF §8, after Acronis):
 * within the target compliant, beyond it exceeded, beyond twice it severely exceeded, beyond four times
 * critically exceeded. The one grading the status page, the reports and the alert rules share. An age
 * exactly at a bound is still at the lower level: a point exactly the target old meets the target, as
 * {@code withinRpo} of {@code /api/status} and the metrics count it.
 */
public enum RpoLevel {
    COMPLIANT(0),
    EXCEEDED(1),
    SEVERELY_EXCEEDED(2),
    CRITICALLY_EXCEEDED(4);

    private final int factor;

    RpoLevel(int factor) {
        this.factor = factor;
    }

    /** The multiple of the target an age must exceed to be at this level; 0 for compliant. */
    public int factor() {
        return factor;
    }

    /** The age beyond which this level begins: {@link #factor} times {@code target}. */
    public Duration threshold(Duration target) {
        return positive(target).multipliedBy(factor);
    }

    /** The level of a point {@code age} old against a positive {@code target}. */
    public static RpoLevel of(Duration age, Duration target) {
        positive(target);
        RpoLevel[] levels = values();
        for (int i = levels.length - 1; i > 0; i--) {
            if (age.compareTo(levels[i].threshold(target)) > 0) {
                return levels[i];
            }
        }
        return COMPLIANT;
    }

    private static Duration positive(Duration target) {
        if (target.isNegative() || target.isZero()) {
            throw new IllegalArgumentException("RPO target " + target + " must be positive");
        }
        return target;
    }
}
