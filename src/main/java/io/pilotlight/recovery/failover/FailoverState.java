package io.pilotlight.recovery.failover;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.repo.CorruptObjectException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A failover as it runs, in {@code <state dir>/failover.json}: what was started, from what, and the
 * pids to stop. Written before the VM starts (so a failed start can be cleaned up) and again with its
 * pid; kept after {@link Failover#stop} because the overlays hold what the VM wrote (failback reads them).
 *
 * @param mode {@code standby} (qcow2 overlays on the standby images), {@code instant} (detached
 *     {@code pilotlight serve --writable} per disk) or either with {@code libvirt} set
 * @param vmPid the QEMU process (0 until started, and under libvirt)
 * @param libvirtUri and {@code domain}: the libvirt domain, when it runs under libvirt
 */
public record FailoverState(int format, String name, boolean group, String mode, String accelerator, long vmPid,
        String qmpSocket, String serialLog, String libvirtUri, String domain, String startedAt, String stoppedAt,
        List<Disk> disks) {
    static final int FORMAT = 1;
    static final String FILE = "failover.json";
    static final String STANDBY = "standby";
    static final String INSTANT = "instant";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public FailoverState {
        requireNonNull(name, "name is null");
        requireNonNull(mode, "mode is null");
        disks = List.copyOf(disks);
    }

    /**
     * One disk of the VM, in its order.
     *
     * @param name the member name of a group ({@code disk} for a single disk)
     * @param disk the repository's disk
     * @param point the point it started from
     * @param overlay where the VM's writes went: a qcow2 on {@code standby}, or the serve overlay (raw + map)
     * @param nbdSocket the detached server's socket (instant), else null
     * @param serverPid the detached server (instant), else 0
     */
    public record Disk(String name, String disk, String point, long size, String standby, String overlay,
            String nbdSocket, long serverPid) {
        public Disk {
            requireNonNull(name, "name is null");
            requireNonNull(disk, "disk is null");
            requireNonNull(overlay, "overlay is null");
        }

        public boolean instant() {
            return nbdSocket != null;
        }
    }

    FailoverState started(long pid, String accel) {
        return new FailoverState(format, name, group, mode, accel, pid, qmpSocket, serialLog, libvirtUri, domain,
                startedAt, null, disks);
    }

    FailoverState stopped(String when) {
        return new FailoverState(format, name, group, mode, accelerator, vmPid, qmpSocket, serialLog, libvirtUri,
                domain, startedAt, when, disks);
    }

    FailoverState withDisks(List<Disk> values) {
        return new FailoverState(format, name, group, mode, accelerator, vmPid, qmpSocket, serialLog, libvirtUri,
                domain, startedAt, stoppedAt, values);
    }

    public boolean underLibvirt() {
        return libvirtUri != null;
    }

    public static Path pathIn(Path directory) {
        return directory.resolve(FILE);
    }

    public static Optional<FailoverState> read(Path directory) throws IOException {
        Path path = pathIn(directory);
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            FailoverState state = JSON.readValue(Files.readAllBytes(path), FailoverState.class);
            if (state.format() != FORMAT) {
                throw new CorruptObjectException(path + ": failover state format " + state.format()
                        + " is not supported (this version reads " + FORMAT + ")");
            }
            return Optional.of(state);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new CorruptObjectException(path + ": not a failover state file: " + e.getMessage());
        }
    }

    /** The state in {@code directory}; a directory without one is no failover. */
    public static FailoverState require(Path directory) throws IOException {
        return read(directory).orElseThrow(() -> new java.nio.file.NoSuchFileException(pathIn(directory).toString(),
                null, "no failover state here: not a failover's state directory"));
    }

    void write(Path directory) throws IOException {
        TargetFile.replace(pathIn(directory), ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(this)));
    }
}
