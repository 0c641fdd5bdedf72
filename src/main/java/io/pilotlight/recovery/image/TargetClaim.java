package io.pilotlight.recovery.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A regular file about to be created or replaced by restore or export: checked (an existing file
 * only with force, never a directory), the follower's lock held if the file is or was followed
 * (a running follower makes the claim fail), and its follow state removed before anything is
 * written, so a crash can never leave new content beside a state naming the old.
 */
public final class TargetClaim implements AutoCloseable {
    private final Optional<FollowLock> lock;

    private TargetClaim(Optional<FollowLock> lock) {
        this.lock = lock;
    }

    /** Claims {@code target} (absolute); {@code what} names it in messages ("restore target"). */
    public static TargetClaim take(Path target, boolean force, String what) throws IOException {
        if (Files.exists(target)) {
            if (Files.isDirectory(target)) {
                throw new TargetExistsException(what + " " + target + " is a directory; name a file");
            }
            if (TargetFile.isDevice(target)) {
                throw new TargetExistsException(what + " " + target + " is a device; name a regular file (restore"
                        + " writes a point to a block device in place)");
            }
            if (!force) {
                throw new TargetExistsException(what + " " + target + " exists; pass --force to replace it");
            }
        } else if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw new NoSuchFileException(target.getParent() + "", null, what + "'s directory does not exist");
        }
        Optional<FollowLock> lock = FollowLock.takeIfPresent(target);
        try {
            Files.deleteIfExists(TargetFile.followStateOf(target));
        } catch (IOException e) {
            if (lock.isPresent()) {
                lock.get().close();
            }
            throw e;
        }
        return new TargetClaim(lock);
    }

    @Override
    public void close() throws IOException {
        if (lock.isPresent()) {
            lock.get().close();
        }
    }
}
