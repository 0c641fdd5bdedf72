package io.pilotlight.source.libvirt;

import static java.util.Objects.requireNonNull;

import io.pilotlight.exec.ToolFailedException;
import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.source.MachineDisk;
import io.pilotlight.source.MachineSession;
import io.pilotlight.source.NbdSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pull-mode backup of a domain as a machine session: opening ends a backup job a dead pilotlight
 * run left, plans the backup ({@link BackupPlanner}), starts it with its new checkpoint and connects to
 * each disk's export. Closing always ends the job and removes the scratch files; then, if every disk's
 * point was committed, it deletes the older pilotlight checkpoints; if none was, it deletes the new
 * one (libvirt merges its bitmap into its parent, so no change is lost); otherwise it keeps them all.
 */
final class LibvirtBackup implements MachineSession {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtBackup.class);

    private final LibvirtTarget target;
    private final BackupJob job;
    private final BackupPlan plan;
    private final List<MachineDisk> disks = new ArrayList<>();
    private final List<String> warnings;
    private final Optional<String> definition;
    private final AtomicInteger committed = new AtomicInteger();

    private LibvirtBackup(LibvirtTarget target, BackupJob job, BackupPlan plan, List<String> warnings,
            Optional<String> definition) {
        this.target = target;
        this.job = job;
        this.plan = plan;
        this.warnings = List.copyOf(warnings);
        this.definition = definition;
    }

    /** Begins the backup of {@code target}'s domain and connects to its disks. */
    static LibvirtBackup begin(LibvirtTarget target) throws IOException {
        requireNonNull(target, "target is null");
        Virsh virsh = new Virsh(target.connection());
        BackupJob job = new BackupJob(virsh, target.domain(), target.uri());
        job.endStale();
        List<String> warnings = new ArrayList<>();
        BackupPlan plan = BackupPlanner.plan(virsh, target, warnings);
        plan = job.begin(plan, warnings);
        Optional<String> definition = definition(virsh, target, warnings);
        LibvirtBackup backup = new LibvirtBackup(target, job, plan, warnings, definition);
        try {
            backup.connect();
        } catch (IOException | RuntimeException e) {
            backup.close();
            throw e;
        }
        return backup;
    }

    /** {@code virsh dumpxml --inactive} once the backup began; a warning, not a failure, when it cannot be read. */
    private static Optional<String> definition(Virsh virsh, LibvirtTarget target, List<String> warnings) {
        try {
            return Optional.of(virsh.run("dumpxml", "--inactive", target.domain()));
        } catch (IOException e) {
            warnings.add("the domain XML of " + target.domain() + " is not saved: " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> definition() {
        return definition;
    }

    private void connect() throws IOException {
        for (DomainDisk disk : plan.disks()) {
            String name = disk.target();
            NbdAddress address = NbdAddress.parse("nbd+unix:///" + name + "?socket=" + plan.socket());
            Optional<String> bitmap = plan.incrementalBase(name).map(base -> BackupPlan.exportBitmap(name));
            NbdSource nbd = NbdSource.connect(target.diskUri(name), address, bitmap);
            disks.add(new MachineDisk(name, new LibvirtDiskSource(target.diskUri(name), name, nbd, plan,
                    committed::incrementAndGet)));
        }
    }

    @Override
    public List<MachineDisk> disks() {
        return List.copyOf(disks);
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public void close() throws IOException {
        for (MachineDisk disk : disks) {
            try {
                disk.source().close();
            } catch (IOException e) {
                LOG.warn("source {}: closing disk {}: {}", target.uri(), disk.name(), e.getMessage());
            }
        }
        job.end(plan);
        if (!disks.isEmpty() && committed.get() == disks.size()) {
            job.deleteOlderThan(plan);
        } else if (committed.get() == 0) {
            job.deleteNew(plan);
        }
    }

    /** Where the NBD socket of a backup of {@code target} goes. */
    static Path socket(LibvirtTarget target) {
        return target.scratch().resolve(Checkpoints.PREFIX + target.domain().replaceAll("[^A-Za-z0-9_.-]", "_")
                + ".sock");
    }

    static boolean isNoJob(IOException e) {
        return e instanceof ToolFailedException failed && String.join("\n", failed.stderrTail()).contains("no job");
    }

    static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.getMessage());
        }
    }
}
