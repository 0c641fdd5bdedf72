package io.pilotlight.cloud.aws;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A failover that reached its heartbeat: the root snapshot (and the data disks' ones), image and instance, the RTO by phase (sync
 * of what was not synced yet, image registration, pending to running, running to heartbeat), the
 * heartbeat line, and for a drill whether the instance and image were removed again.
 */
public record FailoverResult(String name, String point, String snapshotId, List<String> dataSnapshotIds,
        String imageId, String instanceId,
        long syncMillis, long blocksSynced, long registerMillis, long runningMillis, long heartbeatMillis,
        String heartbeatLine, boolean drill, boolean cleanedUp) {

    public FailoverResult {
        requireNonNull(name, "name is null");
        dataSnapshotIds = List.copyOf(dataSnapshotIds);
        requireNonNull(snapshotId, "snapshotId is null");
        requireNonNull(imageId, "imageId is null");
        requireNonNull(instanceId, "instanceId is null");
    }

    /** The RTO: every phase from the command's start to the heartbeat. */
    public long totalMillis() {
        return syncMillis + registerMillis + runningMillis + heartbeatMillis;
    }
}
