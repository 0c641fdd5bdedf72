package io.pilotlight.recovery.failover;

import static java.util.Objects.requireNonNull;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.qemu.QemuImg;
import io.pilotlight.recovery.drill.DrillOptions.Accelerator;
import io.pilotlight.recovery.drill.DrillResult.Check;
import io.pilotlight.recovery.drill.Drive;
import io.pilotlight.recovery.drill.SerialConsole;
import io.pilotlight.recovery.failover.FailoverOptions.Source;
import io.pilotlight.recovery.follow.GroupFollower;
import io.pilotlight.recovery.image.TargetInUseException;
import io.pilotlight.recovery.libvirt.MachineShape;
import io.pilotlight.recovery.libvirt.SavedDomain;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Starts a protected machine for real and leaves it running: prepares its disks (qcow2 overlays on
 * the standby images, or detached writable servers of the repository's point), records the
 * failover's state, starts the VM detached (or as a libvirt domain) and times the phases to the
 * heartbeat and the checked ports. {@link #stop} powers it off and stops its servers; the state
 * directory stays, since its overlays hold what the VM wrote (failback reads them).
 */
public final class Failover {
    static final Path KVM_DEVICE = Path.of("/dev/kvm");
    /** Run states in which the guest will never print a heartbeat. */
    static final Set<String> DEAD = Set.of("internal-error", "guest-panicked", "shutdown", "io-error");

    private final Optional<Repository> repository;
    private final Clock clock;
    private final ProgressListener progress;

    /** {@code repository}: needed for an instant failover, and orders a group's standby images when given. */
    public Failover(Optional<Repository> repository, Clock clock, ProgressListener progress) {
        this.repository = requireNonNull(repository, "repository is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public FailoverResult start(FailoverOptions asked) throws IOException {
        Instant start = clock.instant();
        Optional<MachineShape> shape = shape(asked);
        FailoverOptions options = sized(asked, shape);
        Path directory = prepare(options.stateDirectory().toAbsolutePath().normalize());
        List<FailoverState.Disk> disks = disks(options, directory);
        FailoverState state = new FailoverState(FailoverState.FORMAT, options.target().name(),
                options.target().group(), options.source() instanceof Source.Instant ? FailoverState.INSTANT
                        : FailoverState.STANDBY, null, 0, directory.resolve("qmp.sock").toString(),
                directory.resolve("serial.log").toString(), options.libvirt().orElse(null),
                options.libvirt().map(uri -> DetachedVm.domainName(options)).orElse(null), start.toString(), null,
                disks);
        state.write(directory);
        try {
            if (options.source() instanceof Source.Instant instant) {
                state = state.withDisks(InstantServers.start(instant, disks, directory));
                state.write(directory);
            }
            return boot(options, shape, state, directory, start);
        } catch (IOException | RuntimeException e) {
            InstantServers.stop(state.disks());
            state.stopped(clock.instant().toString()).write(directory);
            throw e;
        }
    }

    /** The state directory, made; refused while it holds another failover (running: exit 6; stopped: exit 9). */
    private static Path prepare(Path directory) throws IOException {
        Files.createDirectories(directory);
        Optional<FailoverState> earlier = FailoverState.read(directory);
        if (earlier.isPresent()) {
            boolean running = earlier.get().stoppedAt() == null;
            String what = "state directory " + directory + " holds a failover of " + earlier.get().name()
                    + " started at " + earlier.get().startedAt();
            if (running) {
                throw new TargetInUseException(what + " that runs: stop it first (pilotlight failover --stop"
                        + " --state-dir " + directory + ")");
            }
            throw new StandbyRefusedException(what + ", stopped at " + earlier.get().stoppedAt() + "; its overlays"
                    + " hold what that VM wrote: fail back from it, or remove the directory, or use another one");
        }
        return directory;
    }

    private List<FailoverState.Disk> disks(FailoverOptions options, Path directory) throws IOException {
        if (options.source() instanceof Source.Standby standby) {
            List<FailoverState.Disk> disks = new ArrayList<>();
            List<Standby.Image> images = Standby.check(options.target(), standby.path(), repository);
            for (int i = 0; i < images.size(); i++) {
                Standby.Image image = images.get(i);
                Path overlay = directory.resolve("disk-" + i + ".qcow2");
                new QemuImg(overlay).createOverlay(image.path(), "raw");
                disks.add(new FailoverState.Disk(image.name(), image.disk(), image.point(), image.size(),
                        image.path().toString(), overlay.toString(), null, 0));
            }
            return disks;
        }
        Repository repo = repository.orElseThrow(() -> new IllegalArgumentException("an instant failover of "
                + options.target() + " reads the repository: give --repo"));
        String point = ((Source.Instant) options.source()).point();
        if (!options.target().group()) {
            Manifest manifest = repo.manifest(options.target().name(), point);
            return List.of(new FailoverState.Disk(manifest.disk(), manifest.disk(), manifest.id(), manifest.diskSize(),
                    null, "", null, 0));
        }
        GroupPoint group = repo.groupPoint(options.target().name(), point);
        return group.disks().stream().map(member -> new FailoverState.Disk(member.name(), member.disk(),
                member.point(), member.diskSize(), null, "", null, 0)).toList();
    }

    private FailoverResult boot(FailoverOptions options, Optional<MachineShape> shape, FailoverState state,
            Path directory, Instant start) throws IOException {
        RtoWatch watch = new RtoWatch(options, clock, start, progress);
        SerialConsole console = new SerialConsole(Path.of(state.serialLog()), 20);
        List<Drive> drives = new ArrayList<>();
        for (FailoverState.Disk disk : state.disks()) {
            DetachedVm.Drive file = disk.instant() ? new DetachedVm.Drive(InstantServers.uri(disk), "raw")
                    : new DetachedVm.Drive(disk.overlay(), "qcow2");
            drives.add(Drive.of(file.file(), file.format(), disk.name(), shape, message -> progress.warn("failover: "
                    + message)));
        }
        if (options.libvirt().isPresent()) {
            return bootLibvirt(options, drives, state, directory, watch, console);
        }
        Accel accelerator = accelerator(options);
        Path qmp = Path.of(state.qmpSocket());
        long pid = DetachedVm.start(options, accelerator.name(), drives, directory);
        FailoverState running = state.started(pid, accelerator.name());
        running.write(directory); // before the wait: --stop finds the VM even if this command is interrupted
        Check started = watch.started("QEMU pid " + pid + " under " + accelerator.name());
        RtoWatch.Watched watched = watch.watch(console, alive(pid, directory), () -> DetachedVm.status(qmp));
        if (watched.stuck() && accelerator.name().equals("kvm") && options.accelerator() == Accelerator.AUTO) {
            DetachedVm.powerOff(pid, directory, qmp, Duration.ZERO);
            accelerator = new Accel("tcg", "auto: " + KVM_DEVICE + " exists but KVM could not run the VM ("
                    + watched.checks().get(0).detail() + ")");
            progress.warn("failover: " + accelerator.reason() + "; starting again under TCG");
            pid = DetachedVm.start(options, "tcg", drives, directory);
            running = state.started(pid, "tcg");
            running.write(directory);
            started = watch.started("QEMU pid " + pid + " under tcg");
            watched = watch.watch(new SerialConsole(Path.of(state.serialLog()), 20), alive(pid, directory),
                    () -> DetachedVm.status(qmp));
        }
        return result(options, running, accelerator.reason(), started, watched.checks(), "QEMU pid " + pid + ", "
                + network(options));
    }

    private FailoverResult bootLibvirt(FailoverOptions options, List<Drive> drives, FailoverState state,
            Path directory, RtoWatch watch, SerialConsole console) throws IOException {
        String accelerator = options.accelerator() == Accelerator.KVM ? "kvm" : "tcg";
        LibvirtDomain domain = LibvirtDomain.define(options, state.disks(), drives, directory, accelerator);
        FailoverState running = state.started(0, accelerator);
        running.write(directory);
        domain.start();
        Check started = watch.started("libvirt domain " + domain.name() + " at " + domain.uri());
        return result(options, running, "asked for under libvirt", started, watch.watch(console, domain::isActive,
                () -> "running").checks(), "libvirt domain " + domain.name() + " (" + domain.uri() + ")");
    }

    /**
     * The shape of the machine a group point saved (a libvirt domain's XML): of the instant point, or of the
     * point the group's standby holds when the repository is given; empty for a disk, or when none was saved.
     */
    private Optional<MachineShape> shape(FailoverOptions options) throws IOException {
        if (!options.target().group() || repository.isEmpty()) {
            return Optional.empty();
        }
        String name = options.target().name();
        String point;
        if (options.source() instanceof Source.Instant instant) {
            point = instant.point();
        } else {
            Path directory = ((Source.Standby) options.source()).path().toAbsolutePath();
            Optional<GroupFollower.State> state = GroupFollower.state(directory, name);
            if (state.isEmpty() || state.get().point() == null) {
                return Optional.empty(); // Standby.check refuses it, naming why
            }
            point = state.get().point();
        }
        GroupPoint group = repository.get().groupPoint(name, point);
        if (group.domainXml() == null) {
            return Optional.empty();
        }
        MachineShape shape = SavedDomain.parse("group point " + name + "/" + group.id(), group.domainXml()).shape();
        progress.phase("failover: the machine as its saved domain had it: " + (shape.memoryBytes() >> 20) + " MiB, "
                + shape.vcpus() + " vCPU(s)" + (options.machineSize() ? "" : " (memory and cpus asked for instead)")
                + ", disks " + String.join(", ", shape.disks().stream().map(disk -> disk.target() + " on " + disk.bus())
                        .toList()), -1);
        return Optional.of(shape);
    }

    /** The options with the saved machine's memory and vCPUs, unless those were asked for. */
    private static FailoverOptions sized(FailoverOptions options, Optional<MachineShape> shape) {
        if (shape.isEmpty() || !options.machineSize()) {
            return options;
        }
        return options.withMachine(Math.max(shape.get().memoryBytes(), 16L << 20), shape.get().vcpus(), options.ovmf())
                .withMachineSize(true);
    }

    private static java.util.function.BooleanSupplier alive(long pid, Path directory) {
        return () -> DetachedVm.isRunning(pid, directory);
    }

    /** The accelerator to start under, and why. */
    private record Accel(String name, String reason) {}

    private static Accel accelerator(FailoverOptions options) {
        if (options.accelerator() == Accelerator.TCG) {
            return new Accel("tcg", "asked for");
        }
        if (options.accelerator() == Accelerator.KVM) {
            return new Accel("kvm", "asked for");
        }
        if (!Files.exists(KVM_DEVICE)) {
            return new Accel("tcg", "auto: no " + KVM_DEVICE);
        }
        return new Accel("kvm", "auto: " + KVM_DEVICE + " exists and the VM ran under KVM");
    }

    private static String network(FailoverOptions options) {
        if (options.network() instanceof FailoverOptions.Network.User user) {
            return user.forwards().isEmpty() ? "user networking, no forwards" : "user networking, forwards "
                    + String.join(", ", user.forwards().stream().map(forward -> forward.address() + ":"
                            + forward.hostPort() + " -> " + forward.guestPort()).toList());
        }
        return DetachedVm.netdev(options.network()).replaceFirst(",id=n0", "");
    }

    private static FailoverResult result(FailoverOptions options, FailoverState state, String reason, Check started,
            List<Check> checks, String where) {
        List<Check> phases = new ArrayList<>(List.of(started));
        phases.addAll(checks);
        return new FailoverResult(state.name(), state.mode() + (state.underLibvirt() ? " (libvirt)" : ""),
                options.stateDirectory().toAbsolutePath().normalize(), state.accelerator(), reason, where, state.disks(), phases);
    }

    /** What {@link #stop} did. */
    public record Stopped(String name, boolean wasRunning, boolean graceful, Path stateDirectory) {}

    /**
     * Powers the failover's VM off (ACPI, then quit, then signals; under libvirt: shutdown, then destroy,
     * then undefine) and stops its servers; records the stop. The directory and its overlays stay.
     */
    public Stopped stop(Path directory, Duration grace) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        FailoverState state = FailoverState.require(dir);
        boolean running;
        boolean graceful;
        if (state.underLibvirt()) {
            LibvirtDomain domain = LibvirtDomain.of(state.libvirtUri(), state.domain());
            running = domain.isActive();
            graceful = domain.stop(grace);
        } else {
            running = DetachedVm.isRunning(state.vmPid(), dir);
            graceful = DetachedVm.powerOff(state.vmPid(), dir, Path.of(state.qmpSocket()), grace);
        }
        InstantServers.stop(state.disks());
        if (state.stoppedAt() == null) {
            state.stopped(clock.instant().toString()).write(dir);
        }
        return new Stopped(state.name(), running, running && graceful, dir);
    }

    /** Whether the failover in {@code directory} still runs: its VM or any of its servers. */
    public static boolean running(FailoverState state, Path directory) throws IOException {
        boolean vm = state.underLibvirt() ? LibvirtDomain.of(state.libvirtUri(), state.domain()).isActive()
                : DetachedVm.isRunning(state.vmPid(), directory.toAbsolutePath());
        return vm || state.disks().stream().anyMatch(InstantServers::isRunning);
    }
}
