package io.pilotlight.qemu;

import static java.util.Objects.requireNonNull;

import io.pilotlight.exec.ChildProcess;
import io.pilotlight.exec.Command;
import io.pilotlight.exec.ProcessRunner;
import io.pilotlight.nbd.NbdAddress;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code qemu-nbd} process serving one qcow2 image read-only on the unix socket {@link #SOCKET} of a
 * directory the caller owns (its output files go there too), optionally with a dirty bitmap ({@code -B}).
 * {@link #start} returns once the socket exists; {@link #close} stops it (SIGTERM, then SIGKILL), waits
 * for it, so the image's lock is released, and removes its files.
 */
public final class QemuNbdServer implements Closeable {
    /** The program run. */
    public static final String PROGRAM = "qemu-nbd";
    /** The socket's name in the server's directory. */
    public static final String SOCKET = "nbd.sock";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final String STDOUT = "qemu-nbd.stdout";
    private static final String STDERR = "qemu-nbd.stderr";

    /** Told the pid of qemu-nbd once it runs, before its socket is waited for (to record it, say). */
    @FunctionalInterface
    public interface Started {
        void started(long pid) throws IOException;
    }

    private final Path directory;
    private final Path socket;
    private final ChildProcess process;

    private QemuNbdServer(Path directory, ChildProcess process) {
        this.directory = directory;
        this.socket = directory.resolve(SOCKET);
        this.process = process;
    }

    /** The command line of a server on {@code image} in {@code directory}: what {@link #start} runs. */
    public static List<String> commandLine(Path image, Path directory, Optional<String> bitmap) {
        List<String> command = new ArrayList<>(List.of(PROGRAM, "--read-only", "--persistent", "--shared=8"));
        bitmap.ifPresent(name -> command.addAll(List.of("--bitmap", name)));
        command.addAll(List.of("--socket=" + directory.resolve(SOCKET), "--format=qcow2", image.toString()));
        return List.copyOf(command);
    }

    /**
     * Serves {@code image} with {@code bitmap} exported, if given, on a socket in {@code directory}
     * (removing an earlier server's files there first); tells {@code started} its pid; waits for the socket.
     */
    public static QemuNbdServer start(Path image, Path directory, Optional<String> bitmap, Started started)
            throws IOException {
        requireNonNull(image, "image is null");
        requireNonNull(directory, "directory is null");
        requireNonNull(bitmap, "bitmap is null");
        deleteFiles(directory);
        List<String> line = commandLine(image, directory, bitmap);
        Command command = Command.of(PROGRAM, line.subList(1, line.size()))
                .withStdout(directory.resolve(STDOUT)).withStderr(directory.resolve(STDERR)).withTailLines(5)
                .withInstall("a qemu image is read through qemu-nbd: " + QemuImg.INSTALL)
                .withLabel("image " + image + ": '" + String.join(" ", line) + "'");
        QemuNbdServer server = new QemuNbdServer(directory, ProcessRunner.start(command));
        try {
            started.started(server.pid());
            server.process.awaitPath(server.socket, "its socket " + server.socket, START_TIMEOUT);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The export's address: {@code nbd+unix:///?socket=...}. */
    public NbdAddress address() {
        return new NbdAddress(Optional.of(socket), Optional.empty(), 0, "");
    }

    /** Stops qemu-nbd and waits for it, so the image's lock is released when this returns; removes its files. */
    @Override
    public void close() throws IOException {
        process.close();
        deleteFiles(directory);
    }

    /** Removes the socket and output files of this or an earlier server in {@code directory}. */
    private static void deleteFiles(Path directory) throws IOException {
        for (String name : List.of(SOCKET, STDOUT, STDERR)) {
            Files.deleteIfExists(directory.resolve(name));
        }
    }
}
