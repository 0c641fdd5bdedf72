package io.pilotlight.recovery.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on {@code <image>.pilotlight-lock}, held while an image is followed. The lock
 * file is left in place (removing it would let two processes lock two different files); the
 * operating system releases the lock when the process ends, however it ends.
 */
public final class FollowLock implements AutoCloseable {
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

    /** Takes the lock if its file exists (the image is or was followed); fails at once if it is held. */
    static Optional<FollowLock> takeIfPresent(Path image) throws IOException {
        return Files.exists(pathFor(image)) ? Optional.of(take(image)) : Optional.empty();
    }

    /** Takes the lock or fails at once, naming the image. */
    public static FollowLock take(Path image) throws IOException {
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
            throw new TargetInUseException("image " + image + " is in use by another follower (lock "
                    + pathFor(image) + " is held); stop that follow first");
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
}
