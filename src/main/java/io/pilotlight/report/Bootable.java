package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The newest point a drill booted and checked with every check passing: its id, its data time when the
 * point is still kept, when the drill ran, and under which accelerator.
 */
public record Bootable(String point, Optional<Instant> pointCreated, Instant drilled, String accelerator) {
    public Bootable {
        requireNonNull(point, "point is null");
        requireNonNull(pointCreated, "pointCreated is null");
        requireNonNull(drilled, "drilled is null");
        requireNonNull(accelerator, "accelerator is null");
    }
}
