package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.pilotlight.store.ObjectRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The repository's immutability (docs/design.md §21), recorded in {@code config} by {@code init
 * --lock-days}: every object a restore point needs (config, packs, manifests, group points) is
 * written under an S3 Object Lock retention in {@code mode}, lasting at least {@code days} days
 * from the point's creation.
 *
 * @param mode {@code governance} or {@code compliance}
 * @param days the shortest life of a point, in days (1 to 36500)
 */
public record ObjectLock(String mode, int days) {
    /** Most days S3 allows (100 years). */
    public static final int MAX_DAYS = 36500;

    public ObjectLock {
        requireNonNull(mode, "mode is null");
        if (!mode.equals("governance") && !mode.equals("compliance")) {
            throw new IllegalArgumentException("lock mode '" + mode + "' is invalid: use governance or compliance");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("lock days " + days + " is invalid: it must be 1 to " + MAX_DAYS);
        }
    }

    /** The S3 retention mode. */
    @JsonIgnore
    public ObjectRetention.Mode retentionMode() {
        return ObjectRetention.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    }

    /** How long a point stays locked. */
    @JsonIgnore
    public Duration period() {
        return Duration.ofDays(days);
    }

    /** The retention an object needs for a point created at {@code created}. */
    public ObjectRetention from(Instant created) {
        return new ObjectRetention(retentionMode(), created.plus(period()));
    }

    /**
     * How far beyond a new point's need a reused pack's retention is extended: a tenth of the period
     * (at least an hour), so a pack shared by hourly points is extended about ten times per period,
     * not once per point. Packs stay locked up to this much longer than their last point.
     */
    @JsonIgnore
    public Duration renewalAhead() {
        Duration tenth = period().dividedBy(10);
        return tenth.compareTo(Duration.ofHours(1)) < 0 ? Duration.ofHours(1) : tenth;
    }
}
