package io.pilotlight.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.MachineSource;
import io.pilotlight.source.NamedSources;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run cancelled through {@link RunCancellation} ends at its next safe step: a replicate of a source
 * whose reads block until the test releases them commits no point and leaves no lease, soon after
 * the cancel; the next run replicates normally and verify is clean. Verify stops between packs; a
 * machine is not opened once cancelled.
 */
class RunCancellationTest {
    private static final int SIZE = 16 << 20;

    @TempDir
    Path dir;

    private Path repo;
    private Path image;
    private Repository repository;
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @BeforeEach
    void setUp() throws IOException {
        repo = dir.resolve("repo");
        repository = Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);
        image = dir.resolve("disk.img");
        byte[] data = new byte[SIZE];
        new Random(3).nextBytes(data);
        Files.write(image, data);
    }

    @AfterEach
    void stopRunner() {
        runner.shutdownNow();
    }

    @Test
    void aCancelledReplicateOfABlockedSourceCommitsNothingAndReleasesItsLease() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        RunCancellation cancellation = new RunCancellation("disk", cancelled::get);
        try (BlockingSource slow = new BlockingSource(FileSource.open(image))) {
            Future<?> run = runner.submit(() -> new Replicator(repository, new ReplicateOptions(2, 1),
                    ProgressListener.NONE).replicate("disk", cancellation.source(slow)));
            slow.permits.release(2);
            awaitReads(slow, 2);
            assertThat(leases()).as("the run holds its lease while it reads").isNotEmpty();

            cancelled.set(true);
            long cancelledAt = System.nanoTime();
            slow.permits.release(1000); // the reads already waiting end; no new read starts
            assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(CancellationException.class)
                    .hasMessage("run of job disk cancelled at a safe step: the daemon is stopping or reloading; it"
                            + " committed nothing from this step on");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt)).isLessThan(10_000);
            assertThat(slow.reads.get()).as("reads of a %d MiB disk", SIZE >> 20).isLessThanOrEqualTo(2 + 2);
            assertThat(slow.aborted.get()).as("the change set was aborted").isTrue();
        }
        assertThat(leases()).isEmpty();
        assertThat(repository.latest("disk")).isEmpty();

        try (FileSource source = FileSource.open(image)) {
            new Replicator(repository, new ReplicateOptions(2, 1), ProgressListener.NONE).replicate("disk", source);
        }
        assertThat(repository.points(Optional.of("disk"))).hasSize(1);
        assertThat(new Verifier(repository, ProgressListener.NONE).verify(true).faults()).isEmpty();
        assertThat(leases()).isEmpty();
    }

    @Test
    void aCancelledVerifyStopsBetweenPacks() throws Exception {
        try (FileSource source = FileSource.open(image)) {
            new Replicator(repository, new ReplicateOptions(2, 1), ProgressListener.NONE).replicate("disk", source);
        }
        int packs = repository.storedPackKeys().size();
        assertThat(packs).isGreaterThanOrEqualTo(2);
        AtomicInteger checks = new AtomicInteger();
        RunCancellation cancellation = new RunCancellation("check", () -> checks.incrementAndGet() > 1);
        assertThatThrownBy(() -> new Verifier(repository, cancellation.progress()).verify(true))
                .isInstanceOf(CancellationException.class).hasMessageContaining("run of job check cancelled");
        assertThat(checks.get()).as("one check at the phase and one per pack read: stopped after the first of %d packs",
                packs).isEqualTo(2);
    }

    @Test
    void aCancelledGroupRunDoesNotOpenItsMachine() {
        MachineSource machine = new NamedSources(List.of(new NamedSources.Named("sda", "file:" + image)));
        RunCancellation cancellation = new RunCancellation("vm", () -> true);
        assertThat(cancellation.machine(machine).uri()).isEqualTo(machine.uri());
        assertThatThrownBy(() -> cancellation.machine(machine).open()).isInstanceOf(CancellationException.class)
                .hasMessageContaining("run of job vm cancelled");
    }

    private List<Path> leases() throws IOException {
        Path locks = repo.resolve("locks");
        if (!Files.exists(locks)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(locks)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static void awaitReads(BlockingSource source, int reads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (source.reads.get() < reads) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for " + reads + " reads; " + source.reads.get() + " done");
            }
            Thread.sleep(10);
        }
    }

    /** A source whose every read waits for a permit the test releases, counting the reads done. */
    private static final class BlockingSource implements ChangedBlockSource {
        final Semaphore permits = new Semaphore(0);
        final AtomicInteger reads = new AtomicInteger();
        final AtomicBoolean aborted = new AtomicBoolean();
        private final ChangedBlockSource source;

        BlockingSource(ChangedBlockSource source) {
            this.source = source;
        }

        @Override
        public String uri() {
            return source.uri();
        }

        @Override
        public long size() throws IOException {
            return source.size();
        }

        @Override
        public ChangeSet changes(Optional<String> sinceToken) throws IOException {
            ChangeSet changes = source.changes(sinceToken);
            return new ChangeSet() {
                @Override
                public List<io.pilotlight.source.Extent> changed() {
                    return changes.changed();
                }

                @Override
                public boolean fullPass() {
                    return changes.fullPass();
                }

                @Override
                public Optional<String> nextToken() {
                    return changes.nextToken();
                }

                @Override
                public List<String> warnings() {
                    return changes.warnings();
                }

                @Override
                public void abort() {
                    aborted.set(true);
                    changes.abort();
                }
            };
        }

        @Override
        public void read(long offset, ByteBuffer target) throws IOException {
            try {
                if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                    throw new IOException("read at " + offset + ": no permit in 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("read at " + offset + " interrupted");
            }
            source.read(offset, target);
            reads.incrementAndGet();
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
