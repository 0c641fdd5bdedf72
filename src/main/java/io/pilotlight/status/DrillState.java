package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The newest drill of a disk or group: the point booted, when, and whether it was proven bootable. */
public record DrillState(String point, Instant started, boolean passed, String detail) {
    public DrillState {
        requireNonNull(point, "point is null");
        requireNonNull(started, "started is null");
        requireNonNull(detail, "detail is null");
    }
}
