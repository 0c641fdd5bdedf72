package io.pilotlight.recovery.drill;

import static java.util.Objects.requireNonNull;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.drill.DrillOptions.Accelerator;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Proves that a restore point boots: serves it writable into throwaway overlays, boots it in an
 * isolated VM, checks a heartbeat on the serial console and the given TCP ports, powers the VM off,
 * deletes the overlays. The repository is only read. A failed check is a result, not an exception;
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
        List<Manifest> points = resolve(options);
        List<String> names = points.stream().map(point -> point.disk() + "/" + point.id()).toList();
        Files.createDirectories(options.workDirectory());
        Path directory = Files.createTempDirectory(options.workDirectory(), "drill-");
        try {
            return run(options, start, points, names, directory);
        } catch (IOException | RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
    }

    private DrillResult run(DrillOptions options, Instant start, List<Manifest> points, List<String> names,
            Path directory) throws IOException {
        Boot boot = new Boot(repository, options, clock, start, progress);
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
                return finish(names, "kvm", "auto: " + KVM_DEVICE + " exists and the VM ran under KVM", outcome,
                        directory);
            }
            accelerator = "tcg";
            reason = "auto: " + KVM_DEVICE + " exists but KVM could not run the VM ("
                    + outcome.checks().get(0).detail() + ")";
            progress.warn("drill: " + reason + "; booting again under TCG");
        }
        outcome = boot.run(points, accelerator, Files.createDirectory(directory.resolve(accelerator)));
        return finish(names, accelerator, reason, outcome, directory);
    }

    private List<Manifest> resolve(DrillOptions options) throws IOException {
        if (!options.target().group()) {
            return List.of(repository.manifest(options.target().name(), options.point()));
        }
        GroupPoint group = repository.groupPoint(options.target().name(), options.point());
        List<Manifest> members = new ArrayList<>();
        for (GroupPoint.Member member : group.disks()) {
            members.add(repository.member(group, member));
        }
        return members;
    }

    /** The result; the work directory goes unless a check failed (then only the serial log stays in it). */
    private DrillResult finish(List<String> names, String accelerator, String reason, Boot.Outcome outcome,
            Path directory) throws IOException {
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
        return new DrillResult(names, accelerator, reason, outcome.checks(), outcome.serialTail(), kept,
                outcome.overlaysDeleted());
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
