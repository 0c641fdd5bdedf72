package io.pilotlight.recovery.drill;

import static java.util.Objects.requireNonNull;

import io.pilotlight.repo.Repository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to boot and what to check.
 *
 * @param target a disk, or a group booted as one VM with every member disk
 * @param point point id, unique prefix or {@code latest} (of the disk, or of the group)
 * @param heartbeat matched anywhere in a serial console line
 * @param ports TCP ports of the guest to probe once the heartbeat came
 * @param checkTimeout how long each check may take (the heartbeat from the VM's start)
 * @param timeout the whole drill's bound, boot to power-off
 * @param memoryBytes guest memory
 * @param accelerator auto (KVM only after it boots the point), kvm or tcg
 * @param firmware BIOS, or UEFI with the OVMF code file {@code ovmf}
 * @param workDirectory where the throwaway overlays, sockets and the serial log go
 * @param serialLines how many last serial lines the result keeps
 * @param machineMemory whether {@code memoryBytes} is only the default: a group point that saved its
 *     machine's definition (a libvirt domain's XML) then boots with that machine's memory
 */
public record DrillOptions(Target target, String point, Pattern heartbeat, List<PortCheck> ports,
        Duration checkTimeout, Duration timeout, long memoryBytes, Accelerator accelerator, Firmware firmware,
        Optional<Path> ovmf, Path workDirectory, int serialLines, boolean machineMemory) {

    public static final Pattern DEFAULT_HEARTBEAT = Pattern.compile("PILOTLIGHT-HEARTBEAT|login:");

    public DrillOptions {
        requireNonNull(target, "target is null");
        requireNonNull(point, "point is null");
        requireNonNull(heartbeat, "heartbeat is null");
        ports = List.copyOf(ports);
        requireNonNull(accelerator, "accelerator is null");
        requireNonNull(firmware, "firmware is null");
        requireNonNull(ovmf, "ovmf is null");
        requireNonNull(workDirectory, "workDirectory is null");
        if (checkTimeout.isNegative() || checkTimeout.isZero() || timeout.compareTo(checkTimeout) < 0) {
            throw new IllegalArgumentException("drill " + target + ": the check timeout (" + checkTimeout
                    + ") must be positive and at most the overall timeout (" + timeout + ")");
        }
        if (memoryBytes < (64L << 20)) {
            throw new IllegalArgumentException("drill " + target + ": memory " + memoryBytes
                    + " bytes is below the 64 MiB a guest needs");
        }
        if (firmware == Firmware.UEFI && ovmf.isEmpty()) {
            throw new IllegalArgumentException("drill " + target + ": UEFI needs the OVMF firmware file (package ovmf,"
                    + " /usr/share/OVMF/OVMF_CODE.fd)");
        }
        if (serialLines < 0) {
            throw new IllegalArgumentException("drill " + target + ": serial lines " + serialLines + " is negative");
        }
    }

    /** Options with {@code memoryBytes} asked for (not {@code machineMemory}). */
    public DrillOptions(Target target, String point, Pattern heartbeat, List<PortCheck> ports, Duration checkTimeout,
            Duration timeout, long memoryBytes, Accelerator accelerator, Firmware firmware, Optional<Path> ovmf,
            Path workDirectory, int serialLines) {
        this(target, point, heartbeat, ports, checkTimeout, timeout, memoryBytes, accelerator, firmware, ovmf,
                workDirectory, serialLines, false);
    }

    /**
     * Defaults: latest point, a heartbeat of a getty's {@code login:} prompt (or the test disk's line), no
     * ports, 120 s per check, 300 s overall, 256 MiB (or the saved machine's), auto, BIOS.
     */
    public static DrillOptions of(Target target, Path workDirectory) {
        return new DrillOptions(target, "latest", DEFAULT_HEARTBEAT, List.of(), Duration.ofSeconds(120),
                Duration.ofSeconds(300), 256L << 20, Accelerator.AUTO, Firmware.BIOS, Optional.empty(), workDirectory,
                20, true);
    }

    public DrillOptions withPoint(String ref) {
        return new DrillOptions(target, ref, heartbeat, ports, checkTimeout, timeout, memoryBytes, accelerator,
                firmware, ovmf, workDirectory, serialLines, machineMemory);
    }

    public DrillOptions withPorts(List<PortCheck> checks) {
        return new DrillOptions(target, point, heartbeat, checks, checkTimeout, timeout, memoryBytes, accelerator,
                firmware, ovmf, workDirectory, serialLines, machineMemory);
    }

    public DrillOptions withTimeouts(Duration check, Duration overall) {
        return new DrillOptions(target, point, heartbeat, ports, check, overall, memoryBytes, accelerator, firmware,
                ovmf, workDirectory, serialLines, machineMemory);
    }

    public DrillOptions withAccelerator(Accelerator choice) {
        return new DrillOptions(target, point, heartbeat, ports, checkTimeout, timeout, memoryBytes, choice, firmware,
                ovmf, workDirectory, serialLines, machineMemory);
    }

    /** A disk ({@code group} false) or a group of disks, by name. */
    public record Target(boolean group, String name) {
        public Target {
            if (group) {
                Repository.checkGroup(name);
            } else {
                Repository.checkDisk(name);
            }
        }

        public static Target disk(String name) {
            return new Target(false, name);
        }

        public static Target group(String name) {
            return new Target(true, name);
        }

        @Override
        public String toString() {
            return (group ? "group " : "disk ") + name;
        }
    }

    /** A TCP port of the guest that must answer with data matching {@code expect} (any data when empty). */
    public record PortCheck(int guestPort, Optional<Pattern> expect) {
        public PortCheck {
            if (guestPort < 1 || guestPort > 65535) {
                throw new IllegalArgumentException("guest port " + guestPort + " is outside 1..65535");
            }
            requireNonNull(expect, "expect is null");
        }

        public String name() {
            return "port " + guestPort;
        }
    }

    public enum Accelerator { AUTO, KVM, TCG }

    public enum Firmware { BIOS, UEFI }
}
