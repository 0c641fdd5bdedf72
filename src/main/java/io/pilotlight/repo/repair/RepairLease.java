package io.pilotlight.repo.repair;

import io.pilotlight.repo.Lease;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The repository to itself for a repair that changes the index: {@code locks/_prune} (no prune, no
 * other repair at once) and no live writer lease, checked when taken and again before anything is
 * deleted, so no replicate dedups against a blob the repair takes out of use.
 */
final class RepairLease implements AutoCloseable {
    private final Repository repository;
    private final Clock clock;
    private final Lease lease;

    private RepairLease(Repository repository, Clock clock, Lease lease) {
        this.repository = repository;
        this.clock = clock;
        this.lease = lease;
    }

    static RepairLease take(Repository repository, Clock clock) throws IOException {
        Lease lease = repository.packs().pruneLease();
        RepairLease taken = new RepairLease(repository, clock, lease);
        try {
            taken.checkAlone();
        } catch (IOException | RuntimeException e) {
            lease.close();
            throw e;
        }
        return taken;
    }

    /** Fails with {@link RepositoryException.Kind#LOCKED} while a writer lease is live; checks the lease is ours. */
    void checkAlone() throws IOException {
        lease.check();
        List<Instant> writers = repository.packs().writerLeases(Instant.now(clock));
        if (!writers.isEmpty()) {
            throw new RepositoryException(RepositoryException.Kind.LOCKED, writers.size() + " writer lease(s) in "
                    + "locks/ are live (a replicate is running): a repair of the index or the packs needs the repository"
                    + " to itself; run it again when they are done");
        }
    }

    @Override
    public void close() throws IOException {
        lease.close();
    }
}
