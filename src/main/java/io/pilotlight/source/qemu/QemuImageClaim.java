package io.pilotlight.source.qemu;

import static java.util.Objects.requireNonNull;

import io.pilotlight.qemu.QemuNbdServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's claim on one qcow2 image for a {@code qemu:} run, visible to other processes: a
 * directory under {@code java.io.tmpdir} named from a hash of the image's real path, holding a lock
 * file (an OS file lock, which ends with the process however it ends), the socket of the {@code
 * qemu-nbd} this run starts and that server's pid.
 *
 * <p>A pilotlight killed with SIGKILL leaves its qemu-nbd running, and that qemu-nbd holds the image's
 * lock, so the next run could not touch the image. {@link #acquire} therefore takes the lock (refusing
 * if another live run holds it), then reads the recorded pid, and if {@code /proc/PID/cmdline} is a
 * {@code qemu-nbd} serving this image on this directory's socket, stops it (SIGTERM, then SIGKILL,
 * bounded) before returning. Any other process under that pid is left alone. {@link #close} removes the
 * directory unless a qemu-nbd pid is left in it. Processes with different
 * {@code java.io.tmpdir} (a private {@code /tmp}) do not see each other's claims. Linux only ({@code /proc}).
 */
final class QemuImageClaim implements Closeable {
    private static final String PID_FILE = "qemu-nbd.pid";
    private static final String LOCK = "lock";
    private static final int LOCK_ATTEMPTS = 10;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(QemuImageClaim.class);

    private final Path image;
    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private QemuImageClaim(Path image, Path directory, FileChannel channel, FileLock lock) {
        this.image = image;
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /** Claims {@code image} (an existing file) for this process and stops a qemu-nbd a killed run left. */
    static QemuImageClaim acquire(Path image) throws IOException {
        return acquire(image, "image");
    }

    /**
     * Claims {@code resource} (an existing file: an image, or the QMP socket of a daemon whose
     * disks one run at a time may touch); {@code what} names it in messages.
     */
    static QemuImageClaim acquire(Path resource, String what) throws IOException {
        Path real = requireNonNull(resource, "resource is null").toRealPath();
        Path directory = Path.of(System.getProperty("java.io.tmpdir"), "pilotlight-qemu-" + hash(real));
        for (int attempt = 1; ; attempt++) {
            try {
                Optional<QemuImageClaim> claim = tryAcquire(real, what, directory);
                if (claim.isPresent()) {
                    return stoppingLeftoverServer(claim.get());
                }
            } catch (NoSuchFileException e) {
                // the directory was removed by a claim closing just now
            }
            if (attempt == LOCK_ATTEMPTS) {
                throw new IOException(what + " " + real + ": could not lock " + directory.resolve(LOCK) + " in "
                        + LOCK_ATTEMPTS + " attempts: it kept being removed");
            }
        }
    }

    private static QemuImageClaim stoppingLeftoverServer(QemuImageClaim claim) throws IOException {
        try {
            claim.stopLeftoverServer();
            return claim;
        } catch (IOException | RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    /**
     * Locks the lock file; empty if the file was replaced between opening and locking it (a claim that
     * closed removed it), so the lock taken is on a file no one else will see.
     */
    private static Optional<QemuImageClaim> tryAcquire(Path real, String what, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path path = directory.resolve(LOCK);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new IOException(what + " " + real + ": another pilotlight run is using it (lock " + path
                        + " is held); runs on one " + what + " must not overlap");
            }
            if (!sameFile(path, channel)) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new QemuImageClaim(real, directory, channel, lock));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Whether {@code path} still names the locked file: writes this claim's mark (pid, random) through the
     * channel and reads it back through the path. Only a lock holder writes the file, so another mark
     * means another file.
     */
    private static boolean sameFile(Path path, FileChannel channel) throws IOException {
        byte[] mark = (ProcessHandle.current().pid() + " " + Long.toHexString(RANDOM.nextLong()) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.wrap(mark), 0);
        try {
            return java.util.Arrays.equals(Files.readAllBytes(path), mark);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM
        }
    }

    /** The image's real path, as qemu-nbd is given it. */
    Path image() {
        return image;
    }

    /** Where qemu-nbd's socket and output go; this claim alone uses it while held. */
    Path directory() {
        return directory;
    }

    /** Records the pid of the qemu-nbd just started, so a run after a kill can stop it. */
    void recordServer(long pid) throws IOException {
        Path temporary = directory.resolve(PID_FILE + ".tmp");
        Files.writeString(temporary, pid + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, directory.resolve(PID_FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Forgets the recorded qemu-nbd, once it has stopped. */
    void clearServer() throws IOException {
        Files.deleteIfExists(directory.resolve(PID_FILE));
    }

    private void stopLeftoverServer() throws IOException {
        Optional<Long> recorded = recordedPid();
        if (recorded.isEmpty()) {
            return;
        }
        long pid = recorded.get();
        if (!isOurServer(pid)) {
            clearServer(); // gone, or the pid now belongs to something else: not ours to stop
            return;
        }
        LOG.warn("image {}: stopping qemu-nbd (pid {}) left running by a pilotlight run that was killed; it holds"
                + " the image's lock", image, pid);
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle != null) {
            handle.destroy();
            if (!awaitExit(pid)) {
                handle.destroyForcibly();
                if (!awaitExit(pid)) {
                    throw new IOException("image " + image + ": qemu-nbd (pid " + pid + ") left by a killed run did"
                            + " not stop within " + 2 * STOP_TIMEOUT.toSeconds() + " s of SIGTERM and SIGKILL");
                }
            }
        }
        clearServer();
    }

    private Optional<Long> recordedPid() throws IOException {
        try {
            String text = Files.readString(directory.resolve(PID_FILE), StandardCharsets.US_ASCII).strip();
            return Optional.of(Long.parseLong(text));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (NumberFormatException e) {
            LOG.warn("image {}: ignoring {}: not a pid", image, directory.resolve(PID_FILE));
            return Optional.empty();
        }
    }

    /** Whether {@code pid} runs {@code qemu-nbd ... --socket=<this directory's socket> ... <image>}. */
    private boolean isOurServer(long pid) {
        List<String> arguments = commandLine(pid);
        return !arguments.isEmpty()
                && Path.of(arguments.get(0)).getFileName().toString().equals("qemu-nbd")
                && arguments.contains("--socket=" + directory.resolve(QemuNbdServer.SOCKET))
                && arguments.get(arguments.size() - 1).equals(image.toString());
    }

    /** The process's arguments; empty if it is gone, a zombie, or unreadable. */
    private static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String text = new String(raw, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Waits until {@code pid} has exited. A zombie counts as exited: it has closed its files, so the
     * image's lock is free, and an orphan's zombie may never be reaped where pid 1 does not reap.
     */
    private static boolean awaitExit(long pid) throws IOException {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (running(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while stopping qemu-nbd pid " + pid);
            }
        }
        return true;
    }

    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            String state = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return !state.startsWith("Z") && !state.startsWith("X");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String hash(Path real) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(real.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Removes the lock file and, if nothing else is left in it (a qemu-nbd pid that could not be
     * stopped stays for the next run), the directory; then releases the lock. A claim racing with this
     * one locks a removed file and tries again ({@link #sameFile}).
     */
    @Override
    public void close() throws IOException {
        try (FileChannel closing = channel) {
            if (lock.isValid()) {
                Files.deleteIfExists(directory.resolve(LOCK));
                try {
                    Files.deleteIfExists(directory);
                } catch (java.nio.file.DirectoryNotEmptyException e) {
                    // the pid of a qemu-nbd that did not stop: the next claim stops it
                }
                lock.release();
            }
        }
    }
}
