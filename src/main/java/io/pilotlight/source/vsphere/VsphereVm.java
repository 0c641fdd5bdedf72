package io.pilotlight.source.vsphere;

import static java.util.Objects.requireNonNull;

import io.pilotlight.vsphere.Inventory;
import io.pilotlight.vsphere.MoRef;
import io.pilotlight.vsphere.Snapshot;
import io.pilotlight.vsphere.VirtualDisk;
import io.pilotlight.vsphere.VirtualMachine;
import io.pilotlight.vsphere.VsphereClient;
import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replication session with one vSphere VM ({@code vsphere://USER@HOST[:PORT]/VM}): all its disks are
 * frozen by one snapshot and read while the session is open.
 *
 * <p>{@link #open}: logs in, finds the VM, removes snapshots named {@code pilotlight-*} left by a run
 * that did not finish (saying so in {@link #warnings()}), checks changed block tracking (turns it on with
 * {@code enableCbt}; otherwise every disk gets a full pass with a warning), creates the snapshot
 * {@code pilotlight-<time>} (no memory; quiesced if asked) and gives one {@link VsphereDisk} per virtual
 * disk. {@link #close()} always removes the snapshot, also after a failure, when the thread was
 * interrupted, or (through a shutdown hook) when the JVM is stopped; a removal that fails is thrown from
 * {@code close()}, and the next session removes the snapshot by name.
 *
 * <p>Disks are read over datastore HTTP (the base {@code -flat.vmdk} file, frozen by the snapshot) unless
 * {@link VsphereOptions#diskNbd()} names an NBD export for their label (for example nbdkit's VDDK plugin
 * with the user's own VDDK). Datastore HTTP works for flat disks on VMFS or NFS of a VM that has no other
 * snapshots; not for vSAN or vVol disks, nor a VM with a snapshot chain (the base file would not be the
 * VM's current state), which are refused with a message.
 *
 * <p>One session per VM at a time: {@code open} takes any {@code pilotlight-*} snapshot for a leftover and
 * removes it, so a caller running sessions concurrently (two repositories, overlapping schedules) must
 * hold a lease on the VM (or on all its disks) before {@code open}.
 */
public final class VsphereVm implements Closeable {
    /** Snapshots this session creates are named with this prefix, and only they are ever removed. */
    public static final String SNAPSHOT_PREFIX = "pilotlight-";
    private static final Logger LOG = LoggerFactory.getLogger(VsphereVm.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final VsphereClient client;
    private final VirtualMachine vm;
    private final MoRef snapshot;
    private final String snapshotName;
    private final VsphereOptions options;
    private final List<String> warnings;
    private final Thread shutdownHook;
    private List<VsphereDisk> disks = List.of();
    private boolean closed;

    private VsphereVm(VsphereClient client, VirtualMachine vm, MoRef snapshot, String snapshotName,
            VsphereOptions options, List<String> warnings) {
        this.client = client;
        this.vm = vm;
        this.snapshot = snapshot;
        this.snapshotName = snapshotName;
        this.options = options;
        this.warnings = new ArrayList<>(warnings); // openDisks adds to it
        this.shutdownHook = new Thread(this::closeQuietly, "vsphere-snapshot-removal-" + vm.name());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Opens a session: see the class comment. Nothing is left on the VM if this throws. */
    public static VsphereVm open(VsphereTarget target, VsphereOptions options) throws IOException {
        requireNonNull(target, "target is null");
        requireNonNull(options, "options is null");
        VsphereClient client = VsphereClient.connect(target.sdkUri(), options.thumbprint(), options.requestTimeout());
        try {
            client.login(target.user(), options.password());
            return start(client, Inventory.findVm(client, target.vm()), target, options);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Checks the VM, creates the snapshot and opens the disks; removes the snapshot if that fails. */
    private static VsphereVm start(VsphereClient client, VirtualMachine vm, VsphereTarget target,
            VsphereOptions options) throws IOException {
        List<String> warnings = new ArrayList<>();
        VirtualMachine.State state = removeStaleSnapshots(vm, vm.state(), options, warnings);
        checkDiskNbd(vm, state, options);
        Optional<String> trackingOff = checkTracking(vm, state, options, warnings);
        boolean overHttp = options.exportCommand().isEmpty()
                && state.disks().stream().anyMatch(d -> !options.diskNbd().containsKey(d.label()));
        if (overHttp && !state.snapshots().isEmpty()) {
            throw new IOException("vSphere VM '" + vm.name() + "' has " + state.snapshots().size() + " snapshot(s) "
                    + state.snapshots().stream().map(Snapshot::name).toList() + ": its disks can be read over"
                    + " datastore HTTP only when it has none (the base disk would not be its current state);"
                    + " remove them, or give --disk-nbd LABEL=NBD-URI for every disk (nbdkit's VDDK plugin)");
        }
        String datacenterPath = overHttp ? vm.datacenterPath() : "";
        String name = SNAPSHOT_PREFIX + TIME.format(Instant.now());
        MoRef snapshot = vm.createSnapshot(name, "pilotlight replication; removed when the run ends",
                options.quiesce(), options.taskTimeout());
        LOG.info("vSphere VM '{}': created snapshot '{}' ({})", vm.name(), name, snapshot.value());
        VsphereVm session = new VsphereVm(client, vm, snapshot, name, options, warnings);
        try {
            session.disks = session.openDisks(target, datacenterPath, trackingOff);
            return session;
        } catch (IOException | RuntimeException e) {
            session.closeAfter(e);
            throw e;
        }
    }

    private static VirtualMachine.State removeStaleSnapshots(VirtualMachine vm, VirtualMachine.State state,
            VsphereOptions options, List<String> warnings) throws IOException {
        List<Snapshot> stale = new ArrayList<>(state.snapshots().stream()
                .filter(s -> s.name().startsWith(SNAPSHOT_PREFIX)).toList());
        if (stale.isEmpty()) {
            return state;
        }
        Collections.reverse(stale); // children first
        for (Snapshot snapshot : stale) {
            String what = "snapshot '" + snapshot.name() + "' (" + snapshot.ref().value() + ") of VM '" + vm.name()
                    + "', left by a run that did not finish";
            try {
                vm.removeSnapshot(snapshot.ref(), options.taskTimeout());
                warnings.add("removed " + what);
            } catch (IOException e) {
                warnings.add("could not remove " + what + ": " + e.getMessage());
            }
            LOG.warn(warnings.get(warnings.size() - 1));
        }
        return vm.state();
    }

    private static void checkDiskNbd(VirtualMachine vm, VirtualMachine.State state, VsphereOptions options) {
        Set<String> labels = new TreeSet<>();
        state.disks().forEach(d -> labels.add(d.label()));
        for (String label : options.diskNbd().keySet()) {
            if (!labels.contains(label)) {
                throw new IllegalArgumentException("--disk-nbd " + label + ": VM '" + vm.name() + "' has no disk "
                        + label + "; its disks: " + labels);
            }
        }
    }

    /** Turns tracking on if asked; else, if it is off, the reason every disk gets a full pass. */
    private static Optional<String> checkTracking(VirtualMachine vm, VirtualMachine.State state, VsphereOptions options,
            List<String> warnings) throws IOException {
        if (state.changeTrackingEnabled()) {
            return Optional.empty();
        }
        if (!options.enableCbt()) {
            return Optional.of("changed block tracking is off on VM '" + vm.name() + "' (enable it with"
                    + " --enable-cbt)");
        }
        vm.enableChangeTracking(options.taskTimeout());
        warnings.add("turned on changed block tracking on VM '" + vm.name() + "'; this run reads every disk in full");
        LOG.info(warnings.get(warnings.size() - 1));
        return Optional.empty();
    }

    private List<VsphereDisk> openDisks(VsphereTarget target, String datacenterPath, Optional<String> trackingOff)
            throws IOException {
        List<VsphereDisk> opened = new ArrayList<>();
        try {
            for (VirtualDisk disk : vm.snapshotDisks(snapshot)) {
                if (disk.independent()) {
                    warnings.add("disk " + disk.label() + " of VM '" + vm.name() + "' is " + disk.diskMode().orElse("")
                            + ": a snapshot does not freeze an independent disk, so it is not protected (make it a"
                            + " dependent disk to protect it)");
                    LOG.warn(warnings.get(warnings.size() - 1));
                    continue;
                }
                String uri = target.uri() + "#" + disk.label();
                VsphereDiskSource.BlockReader reader = reader(disk, datacenterPath, "source " + uri);
                VsphereDiskSource source = new VsphereDiskSource(uri, vm, snapshot, disk, trackingOff, reader);
                opened.add(new VsphereDisk(VsphereDisk.nameOf(disk.label()), disk.label(), source));
            }
        } catch (IOException | RuntimeException e) {
            for (VsphereDisk disk : opened) {
                disk.source().close();
            }
            throw e;
        }
        if (opened.isEmpty()) {
            throw new IOException("vSphere VM '" + vm.name() + "' has no virtual disk a snapshot freezes (snapshot "
                    + snapshotName + ")" + (warnings.isEmpty() ? "" : ": " + String.join("; ", warnings)));
        }
        return List.copyOf(opened);
    }

    /** An NBD export named for the disk, or one started from the command template, or datastore HTTP. */
    private VsphereDiskSource.BlockReader reader(VirtualDisk disk, String datacenterPath, String what)
            throws IOException {
        String nbd = options.diskNbd().get(disk.label());
        if (nbd != null) {
            return VsphereReaders.nbd(nbd, disk, what);
        }
        if (options.exportCommand().isPresent()) {
            return VsphereExportCommand.start(options.exportCommand().get(), vm.ref().value(), snapshot.value(), disk,
                    what);
        }
        return VsphereReaders.datastore(client, datacenterPath, disk, what);
    }

    /** The VM's name. */
    public String name() {
        return vm.name();
    }

    /** One entry per virtual disk of the snapshot, in device order. */
    public List<VsphereDisk> disks() {
        return disks;
    }

    /** What this session did or found that a point should record (stale snapshots removed, CBT turned on). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The snapshot this session created and {@link #close()} removes. */
    public String snapshotName() {
        return snapshotName;
    }

    /**
     * Closes the disks' readers, removes the snapshot and logs out. The thread's interrupt flag is set
     * aside meanwhile (and restored), so an interrupted run still removes its snapshot. A removal that
     * fails is thrown; the next session removes the snapshot by name.
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean interrupted = Thread.interrupted();
        IOException failure = null;
        try {
            for (VsphereDisk disk : disks) {
                try {
                    disk.source().close();
                } catch (IOException e) {
                    LOG.debug("closing {}: {}", disk.source(), e.getMessage());
                }
            }
            vm.removeSnapshot(snapshot, options.taskTimeout());
            LOG.info("vSphere VM '{}': removed snapshot '{}'", vm.name(), snapshotName);
        } catch (IOException e) {
            failure = new IOException("vSphere VM '" + vm.name() + "': could not remove snapshot '" + snapshotName + "' ("
                    + snapshot.value() + "): " + e.getMessage() + "; the next run removes it", e);
        } finally {
            client.close();
            removeShutdownHook();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void closeAfter(Throwable cause) {
        try {
            close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            LOG.warn(e.getMessage());
        }
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs, finds the session closed, and does nothing
        }
    }

    @Override
    public String toString() {
        return "VsphereVm[" + vm + ", snapshot " + snapshotName + "]";
    }
}
