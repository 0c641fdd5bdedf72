package io.pilotlight.replicate;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangedBlockSource;
import java.io.IOException;

/** Takes one restore point of one disk. STUB: being implemented. */
public final class Replicator {
    public Replicator(Repository repository, ReplicateOptions options, ProgressListener progress) {}

    /** Reads what changed, stores it, and commits a restore point; returns it. */
    public PointInfo replicate(String disk, ChangedBlockSource source) throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
