package io.pilotlight.cloud.aws;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A failover that reached its heartbeat: the root snapshot (and the data disks' ones), image and instance, the RTO by phase (sync
 * of what was not synced yet, image registration, pending to running, running to heartbeat, heartbeat to port), the
 * heartbeat line, the port check's answer ({@code --port}), and for a drill whether the instance and image were removed again.
 */
public record FailoverResult(String name, String point, String snapshotId, List<String> dataSnapshotIds,
        String imageId, String instanceId,
        long syncMillis, long blocksSynced, long registerMillis, long runningMillis, long heartbeatMillis,
        String heartbeatLine, boolean drill, boolean cleanedUp, Optional<PortAnswer> port) {

    /** The port check's phase: where it connected, how long from the heartbeat, and what the guest sent first. */
    public record PortAnswer(String address, int port, long millis, String firstLine) {
        public PortAnswer {
            requireNonNull(address, "address is null");
            requireNonNull(firstLine, "firstLine is null");
        }
    }

    public FailoverResult {
        requireNonNull(name, "name is null");
        dataSnapshotIds = List.copyOf(dataSnapshotIds);
        requireNonNull(snapshotId, "snapshotId is null");
        requireNonNull(imageId, "imageId is null");
        requireNonNull(instanceId, "instanceId is null");
        requireNonNull(port, "port is null");
    }

    /** The RTO: every phase from the command's start to the heartbeat. */
    public long totalMillis() {
        return syncMillis + registerMillis + runningMillis + heartbeatMillis + port.map(PortAnswer::millis).orElse(0L);
    }
}
