package io.pilotlight.recovery.drill;

import static java.util.Objects.requireNonNull;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.drill.DrillOptions.Accelerator;
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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Proves that a restore point boots: serves it writable into throwaway overlays, boots it in an
 * isolated VM, checks a heartbeat on the serial console and the given TCP ports, powers the VM off,
 * deletes the overlays, and records the result with a console screenshot in the repository as the point's
 * drill evidence ({@link Repository#recordDrill}; nothing else is written: points, packs and index stay
 * byte-identical). A failed check is a result, and recorded too, not an exception;
 * an exception means the drill itself could not run (no such point, QEMU missing).
 *
 * <p>Accelerator {@code auto}: KVM when {@code /dev/kvm} exists and the VM keeps running under it
 * (the boot under KVM is the self-test: a host whose KVM cannot run this guest stops it with
 * {@code internal-error}, seen through QMP within a second or two); then the drill boots again under
 * TCG and says why.
 */
public final class Drill {
    static final Path KVM_DEVICE = Path.of("/dev/kvm");

    private final Repository repository;
    private final Clock clock;
    private final ProgressListener progress;

    public Drill(Repository repository, Clock clock, ProgressListener progress) {
        this.repository = requireNonNull(repository, "repository is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public DrillResult run(DrillOptions options) throws IOException {
        Instant start = clock.instant();
        Evidence.Booted booted = resolve(options);
        Files.createDirectories(options.workDirectory());
        Path directory = Files.createTempDirectory(options.workDirectory(), "drill-");
        try {
            return run(options, start, booted, directory);
        } catch (IOException | RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
    }

    private DrillResult run(DrillOptions options, Instant start, Evidence.Booted booted, Path directory)
            throws IOException {
        List<Manifest> points = booted.disks();
        Boot boot = new Boot(repository, machine(options, booted.point()), clock, start, progress);
        String accelerator;
        String reason;
        Boot.Outcome outcome;
        if (options.accelerator() == Accelerator.TCG) {
            accelerator = "tcg";
            reason = "asked for";
        } else if (options.accelerator() == Accelerator.KVM) {
            accelerator = "kvm";
            reason = "asked for";
        } else if (!Files.exists(KVM_DEVICE)) {
            accelerator = "tcg";
            reason = "auto: no " + KVM_DEVICE;
        } else {
            outcome = boot.run(points, "kvm", Files.createDirectory(directory.resolve("kvm")));
            if (!outcome.stuckVm()) {
                return finish(booted, start, "kvm", "auto: " + KVM_DEVICE + " exists and the VM ran under KVM",
                        outcome, directory);
            }
            accelerator = "tcg";
            reason = "auto: " + KVM_DEVICE + " exists but KVM could not run the VM ("
                    + outcome.checks().get(0).detail() + ")";
            progress.warn("drill: " + reason + "; booting again under TCG");
        }
        outcome = boot.run(points, accelerator, Files.createDirectory(directory.resolve(accelerator)));
        return finish(booted, start, accelerator, reason, outcome, directory);
    }

    /**
     * The VM's shape: a group point that saved its machine's definition (a libvirt domain's XML) gives
     * each disk's bus and boot order, the vCPUs, and the memory unless it was asked for; else virtio disks
     * in order, one vCPU and the options' memory.
     */
    private Boot.Machine machine(DrillOptions options, String point) throws IOException {
        if (!options.target().group()) {
            return new Boot.Machine(options, List.of(), Optional.empty());
        }
        GroupPoint group = repository.groupPoint(options.target().name(), point);
        List<String> members = group.disks().stream().map(GroupPoint.Member::name).toList();
        if (group.domainXml() == null) {
            return new Boot.Machine(options, members, Optional.empty());
        }
        MachineShape shape = SavedDomain.parse("group point " + group.group() + "/" + group.id(), group.domainXml())
                .shape();
        DrillOptions sized = options.machineMemory() ? new DrillOptions(options.target(), options.point(),
                options.heartbeat(), options.ports(), options.checkTimeout(), options.timeout(),
                Math.max(shape.memoryBytes(), 64L << 20), options.accelerator(), options.firmware(), options.ovmf(),
                options.workDirectory(), options.serialLines(), true) : options;
        progress.phase("drill: the machine as its saved domain had it: " + (sized.memoryBytes() >> 20) + " MiB"
                + (options.machineMemory() ? "" : " (asked for)") + ", " + shape.vcpus() + " vCPU(s), disks "
                + String.join(", ", shape.disks().stream().filter(disk -> members.contains(disk.target()))
                        .map(disk -> disk.target() + " on " + disk.bus() + (disk.bootOrder() > 0 ? " (boot "
                                + disk.bootOrder() + ")" : "")).toList()), -1);
        if (shape.uefi() && options.firmware() == DrillOptions.Firmware.BIOS) {
            progress.warn("drill: the saved domain boots UEFI firmware; this drill boots BIOS (give --uefi)");
        }
        return new Boot.Machine(sized, members, Optional.of(shape));
    }

    private Evidence.Booted resolve(DrillOptions options) throws IOException {
        if (!options.target().group()) {
            Manifest point = repository.manifest(options.target().name(), options.point());
            return new Evidence.Booted(options.target(), point.id(), List.of(point));
        }
        GroupPoint group = repository.groupPoint(options.target().name(), options.point());
        List<Manifest> members = new ArrayList<>();
        for (GroupPoint.Member member : group.disks()) {
            members.add(repository.member(group, member));
        }
        return new Evidence.Booted(options.target(), group.id(), members);
    }

    /**
     * The result, recorded in the repository as the drill's evidence; the work directory goes unless a check
     * failed (then only the serial log stays in it).
     */
    private DrillResult finish(Evidence.Booted booted, Instant start, String accelerator, String reason,
            Boot.Outcome outcome, Path directory) throws IOException {
        Optional<Path> kept = Optional.empty();
        if (outcome.passed()) {
            deleteTree(directory);
        } else {
            Path log = directory.resolve("serial.log");
            if (Files.exists(outcome.serialLog())) {
                Files.move(outcome.serialLog(), log);
                kept = Optional.of(log);
            }
            try (Stream<Path> entries = Files.list(directory)) {
                for (Path entry : entries.filter(path -> !path.equals(log)).toList()) {
                    deleteTree(entry);
                }
            }
        }
        List<String> names = booted.disks().stream().map(point -> point.disk() + "/" + point.id()).toList();
        Duration duration = Duration.between(start, clock.instant());
        DrillResult result = new DrillResult(names, accelerator, reason, outcome.checks(), outcome.serialTail(), kept,
                outcome.overlaysDeleted(), start, duration, Optional.empty());
        Optional<String> evidence = Evidence.record(repository, booted, result, outcome.shot(), progress);
        return new DrillResult(names, accelerator, reason, outcome.checks(), outcome.serialTail(), kept,
                outcome.overlaysDeleted(), start, duration, evidence);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
