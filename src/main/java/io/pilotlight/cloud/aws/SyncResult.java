package io.pilotlight.cloud.aws;

import static java.util.Objects.requireNonNull;

/**
 * One point synced: its record, whether it was already synced (nothing written), the blocks written
 * this run and the requests it took, and how long.
 */
public record SyncResult(SnapshotRecord record, boolean alreadySynced, long blocksWritten, long putRequests,
        long millis) {
    public SyncResult {
        requireNonNull(record, "record is null");
    }
}
