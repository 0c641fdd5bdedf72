package io.pilotlight.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pilotlight.recovery.drill.DrillOptions.Target;
import io.pilotlight.recovery.drill.DrillResult;
import io.pilotlight.recovery.failover.Failover;
import io.pilotlight.recovery.failover.FailoverOptions;
import io.pilotlight.recovery.failover.FailoverOptions.Forward;
import io.pilotlight.recovery.failover.FailoverOptions.Network;
import io.pilotlight.recovery.failover.FailoverOptions.Source;
import io.pilotlight.recovery.failover.FailoverResult;
import io.pilotlight.recovery.failover.FailoverState;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "failover", description = "Start a protected machine for real on this (recovery) host and leave it"
        + " running: from the follower's standby image through a qcow2 overlay (the standby stays a clean copy of its"
        + " point), or --instant straight from the repository. Prints where it runs and the time to start, heartbeat"
        + " and each --port. Exit 7 when a phase failed (the VM keeps running); 9 when the standby is mid-write.",
        footer = {"%nExamples:",
            "  pilotlight failover --disk web1 --standby /srv/standby/web1.img --forward 0.0.0.0:2222:22 --port 22",
            "  pilotlight failover --disk web1 --instant --repo /backup/repo --forward 8080:80",
            "  pilotlight failover --stop --disk web1"})
final class FailoverCommand implements Callable<Integer> {
    static final Path STATE_ROOT = Path.of("/var/lib/pilotlight/failover");
    static final long DEFAULT_MEMORY = 512L << 20;

    @ParentCommand
    PilotlightCommand top;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Which which;

    static final class Which {
        @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "The disk to start.")
        String disk;

        @Option(names = "--group", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "The group to start as one VM with every member disk.")
        String group;
    }

    @Option(names = "--standby", paramLabel = "PATH", description = "The follower's standby: its raw image (with"
            + " --group: its directory). Refused unless its follow state names a committed point.")
    Path standby;

    @Option(names = "--instant", description = "Start straight from the repository: a detached 'pilotlight serve"
            + " --writable' per disk serves the point into an overlay in the state directory.")
    boolean instant;

    @Option(names = "--point", paramLabel = "ID", defaultValue = "latest",
            description = "With --instant: point id (of the disk, or of the group), prefix, or 'latest' (default).")
    String point;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the VM's pid file, QMP socket, serial log,"
            + " overlays and failover.json live (default /var/lib/pilotlight/failover/NAME).")
    Path stateDirectory;

    @Option(names = "--stop", description = "Power the failover's VM off (ACPI, then quit, then kill) and stop its"
            + " servers; the state directory and its overlays stay for failback.")
    boolean stop;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "60s", converter = FollowCommand.Interval.class,
            description = "With --stop: how long the guest has to power off on ACPI (default 60s).")
    Duration grace;

    @Option(names = "--forward", paramLabel = "[ADDR:]HOST:GUEST", description = "Forward a host TCP port to a guest"
            + " port (user networking; ADDR defaults to every address); repeatable.")
    List<String> forwards = new ArrayList<>();

    @Option(names = "--tap", paramLabel = "DEVICE", description = "Attach the NIC to this existing tap device.")
    String tap;

    @Option(names = "--bridge", paramLabel = "BRIDGE", description = "Attach the NIC to this bridge.")
    String bridge;

    @Option(names = "--port", paramLabel = "GUEST", description = "A guest port that must answer (through its"
            + " --forward) for the failover to count as done; repeatable.")
    List<Integer> ports = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "300s", converter = FollowCommand.Interval.class,
            description = "Longest wait for the heartbeat and for each port (default 300s).")
    Duration timeout;

    @Mixin
    GuestBootOptions boot;

    @Option(names = "--cpus", paramLabel = "N", description = "Virtual CPUs (default: a libvirt group's saved"
            + " domain's, else 1).")
    Integer cpus;

    @Option(names = "--libvirt", paramLabel = "URI", description = "Define and start a libvirt domain at this URI"
            + " (e.g. qemu:///system) instead of a QEMU process.")
    String libvirt;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (stop) {
            return stop();
        }
        if (which == null || instant == (standby != null)) {
            throw new IllegalArgumentException("failover needs --disk or --group, and exactly one of --standby PATH"
                    + " and --instant (or --stop to power a failover off)");
        }
        FailoverOptions options = options();
        FailoverResult result;
        if (instant || (which.group != null && hasRepository())) {
            try (ObjectStore store = top.openExistingStore()) {
                result = new Failover(Optional.of(top.openRepository(store)), Clock.systemUTC(), BootChecks.notes(top))
                        .start(options);
            }
        } else {
            result = new Failover(Optional.empty(), Clock.systemUTC(), BootChecks.notes(top)).start(options);
        }
        if (json) {
            Json.print(json(result), top.out());
        } else {
            summary(result).forEach(top.out()::println);
        }
        top.out().flush();
        return result.passed() ? ExitCodes.OK : ExitCodes.FAULTS_FOUND;
    }

    private boolean hasRepository() {
        return top.repo != null || top.environment().containsKey("PILOTLIGHT_REPO");
    }

    private Integer stop() throws Exception {
        Path directory = directory();
        Failover.Stopped stopped = new Failover(Optional.empty(), Clock.systemUTC(), BootChecks.notes(top))
                .stop(directory, grace);
        top.out().println("failover " + stopped.name() + ": " + (!stopped.wasRunning() ? "was not running"
                : stopped.graceful() ? "powered off" : "stopped (the guest did not power off within "
                        + HumanDuration.format(grace.toMillis()) + ")") + "; overlays kept in " + stopped.stateDirectory());
        top.out().flush();
        return ExitCodes.OK;
    }

    private Path directory() {
        if (stateDirectory != null) {
            return stateDirectory;
        }
        if (which == null) {
            throw new IllegalArgumentException("name the failover: --state-dir DIR, or --disk/--group NAME for"
                    + " " + STATE_ROOT + "/NAME");
        }
        return STATE_ROOT.resolve(which.disk != null ? which.disk : which.group);
    }

    FailoverOptions options() {
        Target target = which.disk != null ? Target.disk(which.disk) : Target.group(which.group);
        Source source = instant ? new Source.Instant(point, self(), top.environment())
                : new Source.Standby(standby);
        Optional<Path> ovmf = boot.firmware(Optional.ofNullable(libvirt));
        return FailoverOptions.of(target, source, directory()).with(boot.accelerator())
                .with(network(), ports).withCheckTimeout(timeout)
                .withMachine(boot.memory(DEFAULT_MEMORY), cpus == null ? 1 : cpus, ovmf)
                .withMachineSize(boot.memoryUnset() && cpus == null)
                .withLibvirt(Optional.ofNullable(libvirt), boot.heartbeat(FailoverOptions.DEFAULT_HEARTBEAT));
    }

    private Network network() {
        if (tap != null && bridge != null || (tap != null || bridge != null) && !forwards.isEmpty()) {
            throw new IllegalArgumentException("give one of --tap, --bridge and --forward (user networking)");
        }
        if (tap != null) {
            return new Network.Tap(tap);
        }
        if (bridge != null) {
            return new Network.Bridge(bridge);
        }
        return new Network.User(forwards.stream().map(FailoverCommand::forward).toList());
    }

    static Forward forward(String text) {
        String[] parts = text.split(":");
        try {
            if (parts.length == 2) {
                return new Forward("", Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
            if (parts.length == 3) {
                return new Forward(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException e) {
            // the rule below
        }
        throw new IllegalArgumentException("--forward '" + text + "': expected [ADDR:]HOST_PORT:GUEST_PORT,"
                + " e.g. 2222:22 or 127.0.0.1:8080:80");
    }

    /** How to run this pilotlight with the same repository options: the detached servers of --instant. */
    private List<String> self() {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--repo",
                top.repoLocation().toString()));
        if (top.s3Endpoint != null) {
            line.addAll(List.of("--s3-endpoint", top.s3Endpoint));
        }
        if (top.s3Region != null) {
            line.addAll(List.of("--s3-region", top.s3Region));
        }
        if (top.s3PathStyle != null) {
            line.addAll(List.of("--s3-path-style", top.s3PathStyle.toString()));
        }
        line.add("-q");
        return line;
    }

    static List<String> summary(FailoverResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("failover " + result.name() + ": " + (result.passed() ? "running" : "running, but a phase FAILED")
                + " (" + result.mode() + ", " + result.accelerator() + ": " + result.acceleratorReason() + ")");
        lines.add("  where: " + result.where());
        lines.add("  disks: " + result.disks().stream().map(disk -> disk.name() + " at point " + disk.point()
                + (disk.standby() != null ? " (overlay on " + disk.standby() + ")" : " (from the repository)"))
                .collect(Collectors.joining(", ")));
        lines.add("  RTO: " + result.phases().stream().map(check -> check.name() + (check.ok() ? " " : " FAILED ")
                + BootChecks.seconds(check.elapsed())).collect(Collectors.joining(", ")));
        result.firstFailure().ifPresent(check -> lines.add("  " + check.name() + ": " + check.detail()));
        lines.add("  state: " + result.stateDirectory() + (result.mode().endsWith("(libvirt)")
                ? " (serial.log, domain.xml, failover.json)" : " (serial.log, qmp.sock, failover.json)"));
        lines.add("  stop:  pilotlight failover --stop --state-dir " + result.stateDirectory());
        return lines;
    }

    static ObjectNode json(FailoverResult result) {
        ObjectNode node = Json.object(new Summary(result.name(), result.mode(), result.passed(), result.stateDirectory(),
                result.accelerator(), result.acceleratorReason(), result.where(), result.disks()));
        BootChecks.json(node.putArray("phases"), result.phases());
        return node;
    }

    private record Summary(String name, String mode, boolean passed, Path stateDirectory, String accelerator,
            String acceleratorReason, String where, List<FailoverState.Disk> disks) {}

}
