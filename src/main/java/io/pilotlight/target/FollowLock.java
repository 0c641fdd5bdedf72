package io.pilotlight.target;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <image>.pilotlight-lock}, held while an image is followed. The lock
 * file is left in place (removing it would let two processes lock two different files); the
 * operating system releases the lock when the process ends, however it ends.
 */
final class FollowLock implements AutoCloseable {
    static final String SUFFIX = ".pilotlight-lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FollowLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static Path pathFor(Path image) {
        return image.resolveSibling(image.getFileName() + SUFFIX);
    }

    /** Takes the lock or fails at once, naming the image. */
    static FollowLock take(Path image) throws IOException {
        FileChannel channel = FileChannel.open(pathFor(image), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new TargetExistsException("image " + image + " is being followed by another process (lock "
                    + pathFor(image) + " is held)");
        }
        return new FollowLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename is then as durable as they make it.
        }
    }
}
