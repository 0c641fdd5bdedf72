package io.pilotlight.retention;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A point the policy decides on: anything with an id and a time (a disk's restore point, a group's
 * consistent point). The caller maps decisions back to its own points by id.
 */
public record Candidate(String id, Instant time) {
    /** Points lie in the years 0000 to 9999, so that every zone's calendar and every window can hold them. */
    static final Instant EARLIEST = LocalDate.of(0, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    static final Instant LATEST = LocalDate.of(10000, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);

    public Candidate {
        requireNonNull(id, "id is null");
        requireNonNull(time, "time is null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("candidate id is blank (at " + time + ")");
        }
        if (time.isBefore(EARLIEST) || !time.isBefore(LATEST)) {
            throw new IllegalArgumentException("candidate " + id + ": time " + time + " is outside the years 0000 to 9999");
        }
    }
}
