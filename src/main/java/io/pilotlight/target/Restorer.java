package io.pilotlight.target;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Writes a restore point to a file or block device. A file is written sparse to a temp file beside
 * the target, synced, and renamed over it; a block device is written in place, zeros included,
 * after a size check. Every grain written is checked against its hash, and the image digest
 * recomputed, so a restore that returns is proven identical to the point.
 */
public final class Restorer {
    private final Repository repository;
    private final ProgressListener progress;

    public Restorer(Repository repository, ProgressListener progress) {
        this.repository = repository;
        this.progress = progress;
    }

    /**
     * Restores {@code disk} at point {@code pointRef} ({@code latest}, id or unique prefix) to
     * {@code target}: a new sparse file, an existing file only with {@code force}, or a block
     * device of at least the disk's size, written in place.
     */
    public RestoreResult restore(String disk, String pointRef, Path target, boolean force) throws IOException {
        long started = System.nanoTime();
        Manifest manifest = repository.manifest(Repository.checkDisk(disk), pointRef);
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute)) {
            BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
            if (attributes.isOther()) {
                return toDevice(manifest, absolute, started);
            }
            if (!attributes.isRegularFile()) {
                throw new TargetExistsException("restore target " + absolute + " is a directory; name a file");
            }
            if (!force) {
                throw new TargetExistsException("restore target " + absolute
                        + " exists; pass --force to replace it");
            }
        } else if (absolute.getParent() == null || !Files.isDirectory(absolute.getParent())) {
            throw new java.nio.file.NoSuchFileException(absolute.getParent() + "",
                    null, "restore target's directory does not exist");
        }
        return toFile(manifest, absolute, started);
    }

    private RestoreResult toFile(Manifest manifest, Path target, long started) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".pilotlight-" + UUID.randomUUID() + ".tmp");
        try {
            long data;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                data = new ImageWriter(repository, manifest, channel, false, progress).write();
                channel.truncate(manifest.diskSize());
                if (channel.size() < manifest.diskSize()) {
                    channel.write(java.nio.ByteBuffer.allocate(1), manifest.diskSize() - 1);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
            return new RestoreResult(target, manifest.diskSize(), data, manifest.digest(), millisSince(started));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private RestoreResult toDevice(Manifest manifest, Path device, long started) throws IOException {
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            long size = BlockDevices.size(device, channel);
            if (size < manifest.diskSize()) {
                throw new TargetExistsException("block device " + device + " has " + size + " bytes; restore point "
                        + manifest.id() + " of " + manifest.disk() + " needs " + manifest.diskSize());
            }
            long data = new ImageWriter(repository, manifest, channel, true, progress).write();
            channel.force(true);
            return new RestoreResult(device, manifest.diskSize(), data, manifest.digest(), millisSince(started));
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename is then as durable as they make it.
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    static boolean isDevice(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    }
}
