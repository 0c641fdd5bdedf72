package io.pilotlight.recovery.failover;

import io.pilotlight.exec.ChildProcess;
import io.pilotlight.exec.Command;
import io.pilotlight.exec.ProcessRunner;
import io.pilotlight.recovery.failover.FailoverOptions.Source.Instant;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An instant failover's disks: one {@code pilotlight serve --writable} per disk, started in its own
 * session ({@code setsid}) so it outlives the command and a Ctrl-C in its terminal, serving the point
 * on a unix socket in the state directory with its overlay there. Its pid goes into the state; {@link
 * #stop} sends SIGTERM, on which the server makes the overlay durable and exits.
 */
final class InstantServers {
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private InstantServers() {}

    /** Starts a server for each disk (its point resolved), returning the disks with their sockets and pids. */
    static List<FailoverState.Disk> start(Instant source, List<FailoverState.Disk> disks, Path directory)
            throws IOException {
        List<FailoverState.Disk> started = new ArrayList<>();
        try {
            for (int i = 0; i < disks.size(); i++) {
                started.add(start(source, disks.get(i), i, directory));
            }
            return started;
        } catch (IOException | RuntimeException e) {
            stop(started);
            throw e;
        }
    }

    private static FailoverState.Disk start(Instant source, FailoverState.Disk disk, int index, Path directory)
            throws IOException {
        Path socket = directory.resolve("nbd-" + index + ".sock");
        Path overlay = directory.resolve("overlay-" + index + ".raw");
        List<String> line = new ArrayList<>(source.pilotlight());
        line.addAll(List.of("serve", "--disk", disk.disk(), "--point", disk.point(), "--listen", "unix:" + socket,
                "--writable", overlay.toString()));
        Path log = directory.resolve("serve-" + index + ".log");
        Command command = Command.of("setsid", line).withStdout(log).withStderr(log).withTailLines(5)
                .withEnvironment(source.environment()).withLabel("pilotlight serve of " + disk.disk() + " (instant"
                        + " failover)").withInstall("setsid is part of util-linux");
        ChildProcess server = ProcessRunner.start(command);
        try {
            server.awaitPath(socket, "its socket " + socket, START_LIMIT);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new FailoverState.Disk(disk.name(), disk.disk(), disk.point(), disk.size(), null, overlay.toString(),
                socket.toString(), server.pid());
    }

    /** The NBD URI QEMU opens for {@code disk}. */
    static String uri(FailoverState.Disk disk) {
        return "nbd+unix:///" + disk.disk() + "?socket=" + disk.nbdSocket();
    }

    /** Whether {@code disk}'s server still runs (and is a pilotlight serve of its overlay). */
    static boolean isRunning(FailoverState.Disk disk) {
        return RunningProcess.find(disk.serverPid(), disk.overlay()).isPresent();
    }

    /** SIGTERM to each server still running (it syncs its overlay and exits), SIGKILL after a grace period. */
    static void stop(List<FailoverState.Disk> disks) throws IOException {
        for (FailoverState.Disk disk : disks) {
            java.util.Optional<ProcessHandle> found = RunningProcess.find(disk.serverPid(), disk.overlay());
            if (found.isEmpty()) {
                continue;
            }
            ProcessHandle handle = found.get();
            handle.destroy();
            if (!DetachedVm.waitFor(handle, STOP_GRACE)) {
                handle.destroyForcibly();
                DetachedVm.waitFor(handle, Duration.ofSeconds(10));
            }
        }
    }
}
