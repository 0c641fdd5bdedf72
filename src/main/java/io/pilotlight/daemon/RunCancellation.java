package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.schedule.JobContext;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.MachineDisk;
import io.pilotlight.source.MachineSession;
import io.pilotlight.source.MachineSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Makes a daemon run end at its next safe step once the scheduler cancels it (the daemon stops or
 * reloads), by handing the library wrapped inputs that throw {@link CancellationException} there.
 * The library ends such a run as it ends a failed one:
 * <ul>
 *   <li>replicate ({@link #source}, {@link #machine}): before each read of the source and before
 *       it opens a machine, takes the change set or sizes a disk. The replicator then aborts the change
 *       set (a temporary bitmap is merged back and removed), commits no point and releases the lease;
 *       closing the source removes its snapshot or fleece. A run whose reads are all done goes on to
 *       its commit: storing and committing what is read is itself the safe step.
 *   <li>verify and prune ({@link #progress}): at their progress reports, i.e. between packs read by
 *       {@code verify --read-data}, between points walked and blobs repacked by a prune, and before a
 *       prune deletes packs. Verify only reads; every prune step stopped there is in the crash table of
 *       docs/design.md §16.6 (at worst an extra index file or unindexed new packs, garbage for a later
 *       prune), and the prune lease is released.
 * </ul>
 * A read already in progress is not interrupted: the scheduler's stop timeout bounds the wait.
 */
public final class RunCancellation {
    private final String job;
    private final BooleanSupplier cancelled;

    public RunCancellation(String job, BooleanSupplier cancelled) {
        this.job = requireNonNull(job, "job is null");
        this.cancelled = requireNonNull(cancelled, "cancelled is null");
    }

    /** The cancellation of a scheduler run. */
    public static RunCancellation of(JobContext context) {
        return new RunCancellation(context.jobName(), context::cancelled);
    }

    /** Throws {@link CancellationException} naming the job if the run was cancelled. */
    public void check() {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("run of job " + job + " cancelled at a safe step: the daemon is stopping"
                    + " or reloading; it committed nothing from this step on");
        }
    }

    /** {@code source}, checking before each read, its size and its changes. */
    public ChangedBlockSource source(ChangedBlockSource source) {
        return new CancellableSource(requireNonNull(source, "source is null"));
    }

    /** {@code machine}, checking before it opens, with each disk's source checking as {@link #source} does. */
    public MachineSource machine(MachineSource machine) {
        requireNonNull(machine, "machine is null");
        return new MachineSource() {
            @Override
            public String uri() {
                return machine.uri();
            }

            @Override
            public MachineSession open() throws IOException {
                check();
                return new CancellableSession(machine.open());
            }
        };
    }

    /** A progress listener that only checks, at every phase and advance. */
    public ProgressListener progress() {
        return new ProgressListener() {
            @Override
            public void phase(String name, long totalBytes) {
                check();
            }

            @Override
            public void advance(long bytes) {
                check();
            }
        };
    }

    private final class CancellableSource implements ChangedBlockSource {
        private final ChangedBlockSource source;

        CancellableSource(ChangedBlockSource source) {
            this.source = source;
        }

        @Override
        public String uri() {
            return source.uri();
        }

        @Override
        public long size() throws IOException {
            check();
            return source.size();
        }

        @Override
        public ChangeSet changes(Optional<String> sinceToken) throws IOException {
            check();
            return source.changes(sinceToken);
        }

        @Override
        public void read(long offset, ByteBuffer target) throws IOException {
            check();
            source.read(offset, target);
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }

    private final class CancellableSession implements MachineSession {
        private final MachineSession session;
        private final List<MachineDisk> disks;

        CancellableSession(MachineSession session) {
            this.session = session;
            this.disks = session.disks().stream()
                    .map(disk -> new MachineDisk(disk.name(), new CancellableSource(disk.source()))).toList();
        }

        @Override
        public List<MachineDisk> disks() {
            return disks;
        }

        @Override
        public List<String> warnings() {
            return session.warnings();
        }

        @Override
        public java.util.Optional<String> definition() {
            return session.definition();
        }

        @Override
        public void close() throws IOException {
            session.close();
        }
    }
}
