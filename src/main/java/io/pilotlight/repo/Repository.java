package io.pilotlight.repo;

import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A pilotlight repository in an object store. STUB: being implemented. */
public final class Repository {
    public static final int DEFAULT_GRAIN_SIZE = 64 * 1024;

    public static Repository init(ObjectStore store, int grainSize) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    public static Repository open(ObjectStore store) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    public ObjectStore store() {
        throw new UnsupportedOperationException("stub");
    }

    public RepoConfig config() {
        throw new UnsupportedOperationException("stub");
    }

    /** Disks with at least one committed point, sorted. */
    public List<String> disks() throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    /** Committed points, oldest first; all disks when {@code disk} is empty. */
    public List<PointInfo> points(Optional<String> disk) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    /** The point named by {@code ref}: {@code latest}, a full id, or a unique id prefix. */
    public PointInfo point(String disk, String ref) throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
