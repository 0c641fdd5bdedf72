package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A committed restore point of a disk (or group: its members summed): its id, when it was taken, the
 * disk's size, the bytes that changed since its parent, the bytes it added to the repository, and
 * whether it read the whole disk.
 */
public record PointView(String id, Instant created, long size, long changed, long stored, boolean fullRead) {
    public PointView {
        requireNonNull(id, "id is null");
        requireNonNull(created, "created is null");
    }
}
