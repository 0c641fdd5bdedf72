package io.pilotlight.recovery.restore;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.image.BlockDevices;
import io.pilotlight.recovery.image.FollowLock;
import io.pilotlight.recovery.image.ImageWriter;
import io.pilotlight.recovery.image.TargetClaim;
import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.recovery.image.TargetSpace;
import io.pilotlight.recovery.image.TempFile;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.sparse.SparseFiles;
import io.pilotlight.sparse.Writeback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a restore point to a file or block device. A file is written sparse to a temp file beside
 * the target, synced, and renamed over it; a block device is written in place, zeros included,
 * after a size check. Every grain written is checked against its hash, and the image digest
 * recomputed, so a restore that returns is proven identical to the point. An image a follower
 * holds ({@link FollowLock}) is refused; replacing a followed image (with force) removes its follow
 * state, so the follower does not trust the state over the new content.
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
        Path absolute = TargetFile.resolve(target);
        if (Files.exists(absolute) && TargetFile.isDevice(absolute)) {
            return toDevice(manifest, absolute, started);
        }
        try (TargetClaim claim = TargetClaim.take(absolute, force, "restore target")) {
            return toFile(manifest, absolute, started, true);
        }
    }

    /**
     * Writes {@code manifest} to a temp file beside {@code target} and renames it into place;
     * {@code checkGrains} false leaves the proof to the caller ({@link ImageWriter}).
     */
    public RestoreResult toFile(Manifest manifest, Path target, long started, boolean checkGrains) throws IOException {
        TempFile.removeStale(target, progress);
        try (TempFile temp = TempFile.beside(target)) {
            FileChannel channel = temp.channel();
            long data;
            try (Writeback writeback = SparseFiles.writeback(temp.path())) {
                data = new ImageWriter(repository, manifest, channel, writeback, false, checkGrains, progress).write();
                channel.truncate(manifest.diskSize());
                if (channel.size() < manifest.diskSize()) {
                    channel.write(ByteBuffer.allocate(1), manifest.diskSize() - 1);
                }
            }
            TargetFile.commit(temp.path(), target);
            return new RestoreResult(target, manifest.disk(), manifest.id(), manifest.diskSize(), data,
                    manifest.digest(), TargetFile.millisSince(started));
        } catch (IOException e) {
            throw TargetSpace.explain(e, target, manifest.diskSize());
        }
    }

    private RestoreResult toDevice(Manifest manifest, Path device, long started) throws IOException {
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.WRITE, StandardOpenOption.READ);
                Writeback writeback = SparseFiles.writeback(device)) {
            long size = BlockDevices.size(device, channel);
            if (size < manifest.diskSize()) {
                throw new TargetExistsException("block device " + device + " has " + size + " bytes; restore point "
                        + manifest.id() + " of " + manifest.disk() + " needs " + manifest.diskSize());
            }
            long data = new ImageWriter(repository, manifest, channel, writeback, true, true, progress).write();
            channel.force(true);
            return new RestoreResult(device, manifest.disk(), manifest.id(), manifest.diskSize(), data,
                    manifest.digest(), TargetFile.millisSince(started));
        }
    }
}
