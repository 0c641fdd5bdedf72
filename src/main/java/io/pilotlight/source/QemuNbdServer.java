package io.pilotlight.source;

import io.pilotlight.nbd.NbdAddress;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code qemu-nbd} process serving one qcow2 image read-only on a unix socket in a private temporary
 * directory, optionally with a dirty bitmap ({@code -B}). Started by {@link #start}, which returns once
 * the socket exists; {@link #close} stops it (SIGTERM, then SIGKILL) and removes the directory.
 */
final class QemuNbdServer implements Closeable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path image;
    private final Path directory;
    private final Path socket;
    private final Process process;

    private QemuNbdServer(Path image, Path directory, Path socket, Process process) {
        this.image = image;
        this.directory = directory;
        this.socket = socket;
        this.process = process;
    }

    /** Serves {@code image} with {@code bitmap} exported, if given; waits for the socket. */
    static QemuNbdServer start(Path image, Optional<String> bitmap) throws IOException {
        Path directory = Files.createTempDirectory("pilotlight-qemu-nbd");
        Path socket = directory.resolve("nbd.sock");
        List<String> command = new ArrayList<>(List.of("qemu-nbd", "--read-only", "--persistent", "--shared=8"));
        bitmap.ifPresent(name -> command.addAll(List.of("--bitmap", name)));
        command.addAll(List.of("--socket=" + socket, "--format=qcow2", image.toString()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(directory.resolve("stdout").toFile())
                    .redirectError(directory.resolve("stderr").toFile()).start();
        } catch (IOException e) {
            deleteDirectory(directory);
            throw new IOException("image " + image + ": cannot run qemu-nbd (is qemu-utils installed?): "
                    + e.getMessage(), e);
        }
        QemuNbdServer server = new QemuNbdServer(image, directory, socket, process);
        try {
            server.awaitSocket(command);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The export's address: {@code nbd+unix:///?socket=...}. */
    NbdAddress address() {
        return new NbdAddress(Optional.of(socket), Optional.empty(), 0, "");
    }

    private void awaitSocket(List<String> command) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (!Files.exists(socket)) {
                if (!process.isAlive()) {
                    throw new IOException("image " + image + ": '" + String.join(" ", command) + "' exited (status "
                            + process.exitValue() + "): " + stderr());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("image " + image + ": qemu-nbd did not create its socket within "
                            + START_TIMEOUT.toSeconds() + " s: " + stderr());
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("image " + image + ": interrupted while starting qemu-nbd");
        }
    }

    private String stderr() {
        try {
            return Files.readString(directory.resolve("stderr"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops qemu-nbd and waits for it, so the image's lock is released when this returns. */
    @Override
    public void close() throws IOException {
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IOException("image " + image + ": qemu-nbd (pid " + process.pid()
                            + ") did not stop within " + 2 * STOP_TIMEOUT.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("image " + image + ": interrupted while stopping qemu-nbd");
        } finally {
            deleteDirectory(directory);
        }
    }

    private static void deleteDirectory(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }
}
