package io.pilotlight.failback;

import static java.util.Objects.requireNonNull;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.qemu.QemuImg;
import io.pilotlight.qemu.QemuNbdServer;
import io.pilotlight.recovery.failover.Failover;
import io.pilotlight.recovery.failover.FailoverState;
import io.pilotlight.recovery.image.TargetInUseException;
import io.pilotlight.recovery.serve.PointExport;
import io.pilotlight.recovery.serve.PointServer;
import io.pilotlight.replicate.GroupReplicator;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.NbdSource;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Protects a stopped failover's disks as a new point: each disk is read over NBD as the VM left it (a
 * read-only {@code qemu-nbd} on its qcow2 overlay over the standby, or pilotlight's server on its
 * overlay over the repository's point) and replicated like any source. The repository already holds
 * every grain the VM did not write, so only the written grains are stored. Refused while the VM or its
 * servers run (exit 6): a copy of a running disk is not a consistent point.
 */
public final class Failback {
    private final Repository repository;
    private final ReplicateOptions options;
    private final ProgressListener progress;

    public Failback(Repository repository, ReplicateOptions options, ProgressListener progress) {
        this.repository = requireNonNull(repository, "repository is null");
        this.options = requireNonNull(options, "options is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public FailbackResult run(Path stateDirectory) throws IOException {
        Path directory = stateDirectory.toAbsolutePath();
        FailoverState state = FailoverState.require(directory);
        if (Failover.running(state, directory)) {
            throw new TargetInUseException("the failover of " + state.name() + " in " + directory + " still runs: stop"
                    + " it first (pilotlight failover --stop --state-dir " + directory + "), then fail back");
        }
        List<Closeable> servers = new ArrayList<>();
        List<ChangedBlockSource> sources = new ArrayList<>();
        try {
            List<Long> written = new ArrayList<>();
            List<GroupReplicator.Member> members = new ArrayList<>();
            for (int i = 0; i < state.disks().size(); i++) {
                FailoverState.Disk disk = state.disks().get(i);
                Path work = Files.createDirectories(directory.resolve("failback-" + i));
                Served served = disk.instant() ? servePoint(disk, work) : serveOverlay(disk, work);
                servers.add(served.server());
                written.add(served.writtenBytes());
                sources.add(NbdSource.open(served.uri()));
                members.add(new GroupReplicator.Member(disk.name(), disk.disk(), sources.get(i)));
            }
            return replicate(state, directory, members, written);
        } finally {
            closeAll(sources, servers);
        }
    }

    private record Served(Closeable server, String uri, long writtenBytes) {}

    private Served serveOverlay(FailoverState.Disk disk, Path work) throws IOException {
        long written = new QemuImg(Path.of(disk.overlay())).ownDataBytes();
        QemuNbdServer server = QemuNbdServer.start(Path.of(disk.overlay()), work, Optional.empty(), pid -> { });
        return new Served(server, server.address().uri(), written);
    }

    private Served servePoint(FailoverState.Disk disk, Path work) throws IOException {
        NbdAddress address = new NbdAddress(Optional.of(work.resolve("nbd.sock")), Optional.empty(), 0, disk.disk());
        PointServer server = PointServer.start(repository, new PointServer.Request(disk.disk(), disk.point(), address,
                PointExport.DEFAULT_CHUNK_CACHE_BYTES, Optional.of(Path.of(disk.overlay())), 1));
        return new Served(server, server.address().uri(), server.blocksWrittenBefore() * 4096);
    }

    private FailbackResult replicate(FailoverState state, Path directory, List<GroupReplicator.Member> members,
            List<Long> written) throws IOException {
        List<FailbackResult.Disk> disks = new ArrayList<>();
        if (!state.group()) {
            progress.phase("failback: protecting " + state.name() + " as the failover left it", -1);
            PointInfo point = new Replicator(repository, options, progress).replicate(members.get(0).disk(),
                    members.get(0).source());
            disks.add(new FailbackResult.Disk(state.disks().get(0).name(), state.disks().get(0).point(), written.get(0),
                    point));
            return new FailbackResult(state.name(), Optional.empty(), disks);
        }
        progress.phase("failback: protecting group " + state.name() + " as the failover left it", -1);
        GroupReplicator.Result result = new GroupReplicator(repository, options, progress).replicate(state.name(),
                "failback of " + directory, members);
        for (int i = 0; i < result.disks().size(); i++) {
            disks.add(new FailbackResult.Disk(state.disks().get(i).name(), state.disks().get(i).point(), written.get(i),
                    result.disks().get(i)));
        }
        return new FailbackResult(state.name(), Optional.of(result.point().id()), disks);
    }

    private static void closeAll(List<ChangedBlockSource> sources, List<Closeable> servers) throws IOException {
        IOException failure = null;
        List<Closeable> all = new ArrayList<>(sources);
        all.addAll(servers);
        for (Closeable closeable : all) {
            try {
                closeable.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
