package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import io.pilotlight.rpo.RpoLine;
import java.time.Instant;

/**
 * A point (or group point) the repository still keeps: its id, the time of its data, when it was
 * committed (data time plus the run's duration), whether it fell back from change tracking to a full
 * read, and its bytes (a group point's are its members' sums).
 */
public record StoredPoint(String id, Instant created, Instant committed, boolean cbtFallback, Bytes bytes) {
    public StoredPoint {
        requireNonNull(id, "id is null");
        requireNonNull(created, "created is null");
        requireNonNull(committed, "committed is null");
        requireNonNull(bytes, "bytes is null");
    }

    public RpoLine.Commit commit() {
        return new RpoLine.Commit(created, committed.isBefore(created) ? created : committed);
    }
}
