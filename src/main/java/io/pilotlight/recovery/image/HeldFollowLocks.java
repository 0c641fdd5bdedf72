package io.pilotlight.recovery.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The follow locks of a run: {@link #EACH_FOLLOW} takes an image's lock for one follow and releases
 * it after; a {@link #keeping()} holder takes each image's lock once and keeps it until closed, so a
 * {@code follow --watch} holds its image(s) between rounds too and no other follower, restore or
 * export gets in between.
 */
public sealed interface HeldFollowLocks extends AutoCloseable {
    /** Locks for one follow each. */
    HeldFollowLocks EACH_FOLLOW = new EachFollow();

    /** A holder that keeps every lock it takes until it is closed. */
    static HeldFollowLocks keeping() {
        return new Keeping();
    }

    /**
     * Holds {@code image}'s lock (or fails at once, naming the holder) for as long as this holder
     * says; closing what is returned ends one follow.
     */
    Closeable hold(Path image) throws IOException;

    @Override
    void close() throws IOException;

    /** One lock per follow. */
    final class EachFollow implements HeldFollowLocks {
        private EachFollow() {}

        @Override
        public Closeable hold(Path image) throws IOException {
            return FollowLock.take(image);
        }

        @Override
        public void close() {}
    }

    /** Locks kept from their first follow until closed. */
    final class Keeping implements HeldFollowLocks {
        private final Map<Path, FollowLock> locks = new LinkedHashMap<>();

        private Keeping() {}

        @Override
        public synchronized Closeable hold(Path image) throws IOException {
            if (locks.containsKey(key(image))) {
                return () -> { };
            }
            FollowLock lock = FollowLock.take(image);
            locks.put(key(image), lock);
            return () -> { };
        }

        private static Path key(Path image) throws IOException {
            Path lock = FollowLock.pathFor(image.toAbsolutePath());
            return Files.exists(lock) ? lock.toRealPath() : lock;
        }

        @Override
        public synchronized void close() throws IOException {
            List<IOException> failures = new ArrayList<>();
            for (FollowLock lock : locks.values()) {
                try {
                    lock.close();
                } catch (IOException e) {
                    failures.add(e);
                }
            }
            locks.clear();
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
        }
    }
}
