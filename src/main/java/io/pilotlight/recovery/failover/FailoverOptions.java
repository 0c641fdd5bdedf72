package io.pilotlight.recovery.failover;

import static java.util.Objects.requireNonNull;

import io.pilotlight.recovery.drill.DrillOptions.Accelerator;
import io.pilotlight.recovery.drill.DrillOptions.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to fail over.
 *
 * @param target the disk or group to start
 * @param source from the standby images, or instant from the repository
 * @param stateDirectory where the VM's pid file, QMP socket, serial log, overlays and state live
 * @param accelerator kvm, tcg, or auto (KVM when {@code /dev/kvm} exists and the VM keeps running under it)
 * @param network user networking with forwards, a tap device, or a bridge
 * @param heartbeat a serial console line that marks the guest up
 * @param ports guest ports that must answer (through a forward) before the failover counts as done
 * @param checkTimeout the longest wait for the heartbeat, and for each port
 * @param ovmf UEFI firmware code, when the machine boots with UEFI
 * @param libvirt a libvirt connection URI: define and start a domain there instead of a QEMU process
 * @param machineSize whether {@code memoryBytes} and {@code cpus} are only defaults: a group point that saved
 *     its machine's definition (a libvirt domain's XML) then starts with that machine's memory and vCPUs
 */
public record FailoverOptions(Target target, Source source, Path stateDirectory, Accelerator accelerator,
        long memoryBytes, int cpus, Network network, Pattern heartbeat, List<Integer> ports, Duration checkTimeout,
        Optional<Path> ovmf, Optional<String> libvirt, boolean machineSize) {
    public static final Pattern DEFAULT_HEARTBEAT = Pattern.compile("PILOTLIGHT-HEARTBEAT|login:");

    public FailoverOptions {
        requireNonNull(target, "target is null");
        requireNonNull(source, "source is null");
        requireNonNull(stateDirectory, "stateDirectory is null");
        requireNonNull(accelerator, "accelerator is null");
        if (memoryBytes < (16L << 20) || cpus < 1) {
            throw new IllegalArgumentException("failover " + target + ": memory (" + memoryBytes
                    + " bytes) must be at least 16 MiB and cpus (" + cpus + ") at least 1");
        }
        requireNonNull(network, "network is null");
        requireNonNull(heartbeat, "heartbeat is null");
        ports = List.copyOf(ports);
        for (int port : ports) {
            if (network.forwardOf(port).isEmpty()) {
                throw new IllegalArgumentException("failover " + target + ": guest port " + port + " is to be checked"
                        + " but no --forward leads to it (ports are probed through user networking's forwards)");
            }
        }
        requireNonNull(checkTimeout, "checkTimeout is null");
        requireNonNull(ovmf, "ovmf is null");
        requireNonNull(libvirt, "libvirt is null");
    }

    /** Defaults for {@code target} from {@code source} into {@code stateDirectory}: auto, 512 MiB, 1 cpu, no forwards. */
    public static FailoverOptions of(Target target, Source source, Path stateDirectory) {
        return new FailoverOptions(target, source, stateDirectory, Accelerator.AUTO, 512L << 20, 1,
                new Network.User(List.of()), DEFAULT_HEARTBEAT, List.of(), Duration.ofSeconds(300), Optional.empty(),
                Optional.empty(), true);
    }

    public FailoverOptions with(Accelerator value) {
        return new FailoverOptions(target, source, stateDirectory, value, memoryBytes, cpus, network, heartbeat, ports,
                checkTimeout, ovmf, libvirt, machineSize);
    }

    public FailoverOptions with(Network value, List<Integer> checkedPorts) {
        return new FailoverOptions(target, source, stateDirectory, accelerator, memoryBytes, cpus, value, heartbeat,
                checkedPorts, checkTimeout, ovmf, libvirt, machineSize);
    }

    public FailoverOptions withCheckTimeout(Duration value) {
        return new FailoverOptions(target, source, stateDirectory, accelerator, memoryBytes, cpus, network, heartbeat,
                ports, value, ovmf, libvirt, machineSize);
    }

    public FailoverOptions withMachine(long memory, int processors, Optional<Path> firmware) {
        return new FailoverOptions(target, source, stateDirectory, accelerator, memory, processors, network, heartbeat,
                ports, checkTimeout, firmware, libvirt, false);
    }

    /** The same options with {@code memoryBytes} and {@code cpus} as defaults (true) or asked for (false). */
    public FailoverOptions withMachineSize(boolean defaults) {
        return new FailoverOptions(target, source, stateDirectory, accelerator, memoryBytes, cpus, network, heartbeat,
                ports, checkTimeout, ovmf, libvirt, defaults);
    }

    public FailoverOptions withLibvirt(Optional<String> uri, Pattern line) {
        return new FailoverOptions(target, source, stateDirectory, accelerator, memoryBytes, cpus, network, line,
                ports, checkTimeout, ovmf, uri, machineSize);
    }

    /** Where the disks come from. */
    public sealed interface Source {
        /** The follower's standby: a raw image for a disk, a directory of {@code NAME.img} for a group. */
        record Standby(Path path) implements Source {
            public Standby {
                requireNonNull(path, "path is null");
            }
        }

        /**
         * The repository, served by detached {@code pilotlight serve --writable} processes: {@code pilotlight}
         * is the command line that runs pilotlight with its repository options (the subcommand follows),
         * {@code environment} is added to theirs.
         */
        record Instant(String point, List<String> pilotlight, Map<String, String> environment) implements Source {
            public Instant {
                requireNonNull(point, "point is null");
                pilotlight = List.copyOf(pilotlight);
                if (pilotlight.isEmpty()) {
                    throw new IllegalArgumentException("instant failover: the command that runs pilotlight is empty");
                }
                environment = Map.copyOf(environment);
            }
        }
    }

    /** The VM's network. */
    public sealed interface Network {
        /** The forward to {@code guestPort}, if any. */
        default Optional<Forward> forwardOf(int guestPort) {
            return Optional.empty();
        }

        /** QEMU user networking (no isolation) with these forwards from the host. */
        record User(List<Forward> forwards) implements Network {
            public User {
                forwards = List.copyOf(forwards);
            }

            @Override
            public Optional<Forward> forwardOf(int guestPort) {
                return forwards.stream().filter(forward -> forward.guestPort() == guestPort).findFirst();
            }
        }

        /** An existing tap device (no scripts run). */
        record Tap(String device) implements Network {
            public Tap {
                requireNonNull(device, "device is null");
            }
        }

        /** A host bridge, joined through qemu-bridge-helper (or libvirt). */
        record Bridge(String bridge) implements Network {
            public Bridge {
                requireNonNull(bridge, "bridge is null");
            }
        }
    }

    /** TCP from {@code address:hostPort} on the host to {@code guestPort} in the guest. */
    public record Forward(String address, int hostPort, int guestPort) {
        public Forward {
            requireNonNull(address, "address is null");
            if (hostPort < 1 || hostPort > 65535 || guestPort < 1 || guestPort > 65535) {
                throw new IllegalArgumentException("forward " + address + ":" + hostPort + " -> " + guestPort
                        + ": ports must be in 1..65535");
            }
        }
    }
}
