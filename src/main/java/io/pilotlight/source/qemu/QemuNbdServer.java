package io.pilotlight.source.qemu;

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
 * A {@code qemu-nbd} process serving one qcow2 image read-only on a unix socket in the directory of the
 * image's {@link QemuImageClaim}, optionally with a dirty bitmap ({@code -B}). Started by {@link
 * #start}, which records its pid in the claim and returns once the socket exists; {@link #close} stops
 * it (SIGTERM, then SIGKILL), forgets the pid and removes its files.
 */
final class QemuNbdServer implements Closeable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String STDOUT = "qemu-nbd.stdout";
    private static final String STDERR = "qemu-nbd.stderr";

    private final QemuImageClaim claim;
    private final Path image;
    private final Path directory;
    private final Path socket;
    private final Process process;

    private QemuNbdServer(QemuImageClaim claim, Process process) {
        this.claim = claim;
        this.image = claim.image();
        this.directory = claim.directory();
        this.socket = directory.resolve(QemuImageClaim.SOCKET);
        this.process = process;
    }

    /** Serves the claimed image with {@code bitmap} exported, if given; waits for the socket. */
    static QemuNbdServer start(QemuImageClaim claim, Optional<String> bitmap) throws IOException {
        Path directory = claim.directory();
        Path socket = directory.resolve(QemuImageClaim.SOCKET);
        deleteFiles(directory);
        List<String> command = new ArrayList<>(List.of("qemu-nbd", "--read-only", "--persistent", "--shared=8"));
        bitmap.ifPresent(name -> command.addAll(List.of("--bitmap", name)));
        command.addAll(List.of("--socket=" + socket, "--format=qcow2", claim.image().toString()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(directory.resolve(STDOUT).toFile())
                    .redirectError(directory.resolve(STDERR).toFile()).start();
        } catch (IOException e) {
            throw new IOException("image " + claim.image() + ": cannot run qemu-nbd (is qemu-utils installed?): "
                    + e.getMessage(), e);
        }
        QemuNbdServer server = new QemuNbdServer(claim, process);
        try {
            claim.recordServer(process.pid());
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
            return Files.readString(directory.resolve(STDERR), StandardCharsets.UTF_8).strip();
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
        }
        claim.clearServer();
        deleteFiles(directory);
    }

    /** Removes the socket and output files of this or an earlier server (not the claim's lock or pid). */
    private static void deleteFiles(Path directory) throws IOException {
        for (String name : List.of(QemuImageClaim.SOCKET, STDOUT, STDERR)) {
            Files.deleteIfExists(directory.resolve(name));
        }
    }
}
