package io.pilotlight.recovery.image;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * An exclusive lock on {@code <image>.pilotlight-lock}, held while an image is followed (by
 * {@code follow --watch} for its whole run, see {@link HeldFollowLocks}). The holder writes
 * {@code pid <pid> on <host> since <instant>} into the file, so a refused command names it. The
 * lock file is left in place (removing it would let two processes lock two different files); the
 * operating system releases the lock when the process ends, however it ends.
 */
public final class FollowLock implements java.io.Closeable {
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

    /** Takes the lock or fails at once, naming the image and the holder. */
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
            throw new TargetInUseException("image " + image + " is in use by another follower (" + holder(image)
                    + " holds lock " + pathFor(image) + "); stop that follow first");
        }
        FollowLock taken = new FollowLock(channel, lock);
        try {
            taken.writeHolder();
        } catch (IOException e) {
            taken.close();
            throw e;
        }
        return taken;
    }

    private void writeHolder() throws IOException {
        String text = "pid " + ProcessHandle.current().pid() + " on " + hostName() + " since " + Instant.now() + "\n";
        channel.truncate(0);
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes, bytes.position());
        }
    }

    /** Who holds the lock of {@code image}, as its file says ("an unnamed process" for an older version's). */
    static String holder(Path image) {
        try {
            String text = Files.readString(pathFor(image), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "an unnamed process" : text;
        } catch (IOException e) {
            return "an unnamed process";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "an unknown host";
        }
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
