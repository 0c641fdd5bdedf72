package io.pilotlight.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link ChangedBlockSource} keeps, run against each implementation on a real disk
 * (a file, qemu-nbd, qemu-storage-daemon, the vSphere simulator). A subclass makes a {@link Disk}: a
 * disk it can write as a guest would, read independently of the source for reference, and open for one
 * run at a time. Capability flags state the honest differences between sources.
 *
 * <p>One run is what the replicator does: open, {@link ChangedBlockSource#changes}, reads, then
 * {@link ChangeSet#commit()} or {@link ChangeSet#abort()}, then close.
 */
@Timeout(300)
public abstract class AbstractChangedBlockSourceTest {
    protected static final int GRAIN = 64 * 1024;
    protected static final long SIZE = 64L * GRAIN;
    private static final int SECTOR = 512;

    @TempDir
    protected Path directory;
    private Disk disk;

    /** A disk of {@code size} bytes, all zeros, in {@code directory}. */
    protected abstract Disk createDisk(Path directory, long size) throws Exception;

    /** A disk to protect, as the test sees it from outside the source. */
    protected interface Disk extends AutoCloseable {
        /** Opens a source on the disk for one run. */
        ChangedBlockSource open() throws Exception;

        /** Writes {@code length} bytes of {@code pattern} at {@code offset}, as a guest would. */
        void write(long offset, int length, int pattern) throws Exception;

        /** The disk's bytes now, read without the source under test. */
        byte[] content() throws Exception;

        /** Fails unless the closed source left nothing held: locks, servers, snapshots, views. */
        default void assertReleased() throws Exception {}

        @Override
        default void close() throws Exception {}
    }

    /** Whether an incremental run reports only what changed; if not, every run is a full pass. */
    protected boolean tracksChanges() {
        return true;
    }

    /**
     * Whether the guest may write while a run is open: reads still return the disk as it was when
     * {@link ChangedBlockSource#changes} returned, and the next run reports those writes.
     */
    protected boolean canWriteWhileOpen() {
        return false;
    }

    /** What the offsets and lengths of reported extents are multiples of (the disk's end excepted). */
    protected int extentAlignment() {
        return SECTOR;
    }

    @BeforeEach
    final void createTheDisk() throws Exception {
        disk = createDisk(directory, SIZE);
        disk.write(0, GRAIN, 1);
        disk.write(5L * GRAIN + 4096, 8192, 2);
        disk.write(SIZE - GRAIN, GRAIN, 3);
    }

    @AfterEach
    final void closeTheDisk() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void sizeIsTheDiskSize() throws Exception {
        try (ChangedBlockSource source = disk.open()) {
            assertThat(source.size()).isEqualTo(SIZE);
            assertThat(source.uri()).isNotBlank();
        }
    }

    @Test
    void aFirstRunIsAFullPassOverTheWholeDisk() throws Exception {
        try (ChangedBlockSource source = disk.open()) {
            ChangeSet changes = source.changes(Optional.empty());
            assertThat(changes.fullPass()).isTrue();
            assertThat(changes.changed()).containsExactly(new Extent(0, SIZE));
            assertThat(changes.warnings()).as("nothing is wrong on a first run").isEmpty();
            assertWellFormed(changes);
            assertKnownZerosReadAsZeros(changes, disk.content());
            changes.commit();
        }
    }

    @Test
    void readsReturnTheDisksBytes() throws Exception {
        try (ChangedBlockSource source = disk.open()) {
            ChangeSet changes = source.changes(Optional.empty());
            assertThat(readAll(source)).isEqualTo(disk.content());
            assertThat(read(source, 5L * GRAIN + 4000, 300)).isEqualTo(slice(disk.content(), 5L * GRAIN + 4000, 300));
            assertThat(read(source, SIZE - 1, 1)).containsExactly(3);
            changes.commit();
        }
    }

    @Test
    void aReadPastTheEndIsAnError() throws Exception {
        try (ChangedBlockSource source = disk.open()) {
            ChangeSet changes = source.changes(Optional.empty());
            assertThatThrownBy(() -> source.read(SIZE - 10, ByteBuffer.allocate(20)))
                    .isInstanceOf(java.io.IOException.class);
            changes.abort();
        }
    }

    @Test
    void readsFromSeveralThreadsAtOnce() throws Exception {
        byte[] expected = disk.content();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ChangedBlockSource source = disk.open()) {
            ChangeSet changes = source.changes(Optional.empty());
            List<Future<byte[]>> grains = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int grain = 0; grain < SIZE / GRAIN; grain++) {
                    long offset = (long) grain * GRAIN;
                    grains.add(pool.submit(() -> read(source, offset, GRAIN)));
                }
            }
            for (int i = 0; i < grains.size(); i++) {
                long offset = (long) (i % (SIZE / GRAIN)) * GRAIN;
                assertThat(grains.get(i).get()).as("grain at %d", offset).isEqualTo(slice(expected, offset, GRAIN));
            }
            changes.commit();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theNextRunReportsAtLeastTheGrainsWrittenSinceTheCommittedRun() throws Exception {
        Optional<String> token = committedFirstRun();
        writeBetweenRuns();

        try (ChangedBlockSource source = disk.open()) {
            ChangeSet changes = source.changes(token);
            assertReportsTheWrites(changes);
            assertThat(readAll(source)).isEqualTo(disk.content());
            changes.commit();
        }
    }

    @Test
    void anAbortedRunLeavesTheNextRunSeeingTheSameChanges() throws Exception {
        Optional<String> token = committedFirstRun();
        writeBetweenRuns();
        try (ChangedBlockSource source = disk.open()) {
            ChangeSet changes = source.changes(token);
            assertReportsTheWrites(changes);
            changes.abort();
        }

        try (ChangedBlockSource source = disk.open()) {
            ChangeSet changes = source.changes(token);
            assertReportsTheWrites(changes);
            assertThat(readAll(source)).isEqualTo(disk.content());
            changes.commit();
        }
    }

    @Test
    void writesWhileARunIsOpenAreNotReadAndGoToTheNextRun() throws Exception {
        assumeTrue(canWriteWhileOpen(), "this source needs the disk left alone while a run is open");
        String token;
        byte[] frozen = disk.content();
        try (ChangedBlockSource source = disk.open()) {
            ChangeSet changes = source.changes(Optional.empty());
            writeBetweenRuns();
            assertThat(readAll(source)).as("the disk as it was at changes()").isEqualTo(frozen);
            changes.commit();
            token = changes.nextToken().orElseThrow();
        }

        try (ChangedBlockSource source = disk.open()) {
            ChangeSet changes = source.changes(Optional.of(token));
            assertReportsTheWrites(changes);
            assertThat(readAll(source)).isEqualTo(disk.content());
            changes.commit();
        }
    }

    @Test
    void closeReleasesEverythingSoTheDiskCanBeOpenedAgain() throws Exception {
        for (int run = 0; run < 2; run++) {
            try (ChangedBlockSource source = disk.open()) {
                ChangeSet changes = source.changes(Optional.empty());
                read(source, 0, GRAIN);
                changes.commit();
            }
            disk.assertReleased();
        }
        disk.write(7L * GRAIN, GRAIN, 9);
        try (ChangedBlockSource source = disk.open()) {
            source.changes(Optional.empty()).abort();
        }
        disk.assertReleased();
    }

    /** Runs a first, full pass and commits it; returns the token the point would record, if any. */
    private Optional<String> committedFirstRun() throws Exception {
        try (ChangedBlockSource source = disk.open()) {
            ChangeSet changes = source.changes(Optional.empty());
            assertThat(readAll(source)).isEqualTo(disk.content());
            changes.commit();
            Optional<String> token = changes.nextToken();
            if (tracksChanges()) {
                assertThat(token).as("a tracking source issues a token").isPresent();
            }
            return token;
        }
    }

    /** The writes {@link #written()} reports: a whole grain, a sector inside a grain, a grain's last byte. */
    private void writeBetweenRuns() throws Exception {
        disk.write(2L * GRAIN, GRAIN, 4);
        disk.write(5L * GRAIN + 512, 512, 5);
        disk.write(41L * GRAIN - 1, 1, 6);
    }

    private static List<Extent> written() {
        return List.of(new Extent(2L * GRAIN, GRAIN), new Extent(5L * GRAIN + 512, 512), new Extent(41L * GRAIN - 1, 1));
    }

    private void assertReportsTheWrites(ChangeSet changes) throws Exception {
        assertWellFormed(changes);
        assertKnownZerosReadAsZeros(changes, disk.content());
        if (!tracksChanges()) {
            assertThat(changes.fullPass()).as("a source that tracks nothing reports a full pass").isTrue();
            assertThat(changes.changed()).containsExactly(new Extent(0, SIZE));
            return;
        }
        assertThat(changes.fullPass()).as("tracking is intact: %s", changes.warnings()).isFalse();
        assertThat(changes.warnings()).isEmpty();
        for (Extent write : written()) {
            assertThat(changes.changed()).as("extents covering the write %s", write)
                    .anySatisfy(extent -> assertThat(extent.offset() <= write.offset() && write.end() <= extent.end())
                            .isTrue());
        }
    }

    /** Sorted, non-overlapping, inside the disk and aligned: both {@code changed} and {@code knownZero}. */
    private void assertWellFormed(ChangeSet changes) {
        for (List<Extent> extents : List.of(changes.changed(), changes.knownZero())) {
            long end = 0;
            for (Extent extent : extents) {
                assertThat(extent.offset()).as("%s in %s: sorted, not overlapping", extent, extents)
                        .isGreaterThanOrEqualTo(end);
                assertThat(extent.end()).as("%s: inside the disk", extent).isLessThanOrEqualTo(SIZE);
                assertThat(extent.offset() % extentAlignment()).as("%s: offset aligned", extent).isZero();
                if (extent.end() != SIZE) {
                    assertThat(extent.length() % extentAlignment()).as("%s: length aligned", extent).isZero();
                }
                end = extent.end();
            }
        }
    }

    private static void assertKnownZerosReadAsZeros(ChangeSet changes, byte[] content) {
        for (Extent zero : changes.knownZero()) {
            byte[] bytes = slice(content, zero.offset(), (int) zero.length());
            assertThat(bytes).as("known zero %s", zero).isEqualTo(new byte[bytes.length]);
        }
    }

    protected static byte[] readAll(ChangedBlockSource source) throws Exception {
        return read(source, 0, (int) source.size());
    }

    protected static byte[] read(ChangedBlockSource source, long offset, int length) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        source.read(offset, buffer);
        assertThat(buffer.hasRemaining()).as("read of %d bytes at %d filled the buffer", length, offset).isFalse();
        return buffer.array();
    }

    private static byte[] slice(byte[] bytes, long offset, int length) {
        return Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
    }
}
