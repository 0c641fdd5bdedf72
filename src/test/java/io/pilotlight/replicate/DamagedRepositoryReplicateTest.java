package io.pilotlight.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.Extent;
import io.pilotlight.source.ExtentChanges;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, defects 1 and 2: a replicate of an unchanged source over a damaged repository never
 * commits a point naming a blob the index does not hold, re-reads those grains from the source
 * (also when change tracking says they did not change), and is not blocked by a damaged index file
 * or a damaged newest manifest.
 */
class DamagedRepositoryReplicateTest {
    private static final int GRAIN = 65536;
    private static final int SIZE = 40 * GRAIN + 1000;

    @TempDir
    Path dir;

    private Repository open() throws IOException {
        return Repository.open(new DirectoryObjectStore(dir.resolve("repo")));
    }

    /** The options of every run (a subclass runs these tests with a cache directory). */
    ReplicateOptions options() {
        return ReplicateOptions.defaults();
    }

    private PointInfo replicate(String disk, ChangedBlockSource source) throws IOException {
        return new Replicator(open(), options(), ProgressListener.NONE).replicate(disk, source);
    }

    private byte[] restore(String disk, String point) throws IOException {
        Path target = dir.resolve("restored-" + disk + "-" + point);
        new Restorer(open(), ProgressListener.NONE).restore(disk, point, target, false);
        return Files.readAllBytes(target);
    }

    private List<Path> objects(String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("repo").resolve(prefix))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static byte[] disk(long seed) {
        byte[] disk = new byte[SIZE];
        new Random(seed).nextBytes(disk);
        return disk;
    }

    @Test
    void anUnchangedFileSourceStoresAgainWhatADeletedIndexFileNamed() throws Exception {
        Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
        byte[] disk = disk(1);
        replicate("d", new TrackedSource(disk, false));
        for (Path index : objects("index")) {
            Files.delete(index);
        }
        PointInfo again = replicate("d", new TrackedSource(disk, false));
        assertThat(restore("d", again.id())).isEqualTo(disk);
        assertThat(again.newBytes()).isEqualTo(SIZE);
        assertThat(again.changedBytes()).as("the parent's map is lost too: nothing to compare with").isEqualTo(SIZE);
    }

    @Test
    void anUnchangedTrackedSourceReadsAgainTheGrainsOfADeletedIndexFile() throws Exception {
        Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
        byte[] disk = disk(2);
        replicate("d", new TrackedSource(disk, true));
        for (Path index : objects("index")) {
            Files.delete(index);
        }
        TrackedSource tracked = new TrackedSource(disk, true);
        PointInfo again = replicate("d", tracked);
        assertThat(tracked.askedWithToken).isTrue();
        assertThat(restore("d", again.id())).isEqualTo(disk);
        assertThat(again.readBytes()).isEqualTo(SIZE);
    }

    @Test
    void grainsWhoseChunksLostTheirIndexAreStoredAgainAndNotCountedAsChanged() throws Exception {
        Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
        byte[] disk = disk(6);
        replicate("d", new TrackedSource(disk, true));
        List<Path> firstIndex = objects("index");
        disk[3 * GRAIN] ^= 1;
        replicate("d", new TrackedSource(disk, true));
        for (Path index : firstIndex) {
            Files.delete(index); // the chunks of the first run; the second run's map stays indexed
        }
        PointInfo again = replicate("d", new TrackedSource(disk, true));
        assertThat(again.warnings()).anySatisfy(w -> assertThat(w).contains("named chunks the index does not hold"));
        assertThat(again.changedBytes()).isZero();
        assertThat(again.readBytes()).as("every grain but the changed one (its chunk is indexed)")
                .isEqualTo(SIZE - GRAIN);
        assertThat(restore("d", again.id())).isEqualTo(disk);
    }

    @Test
    void aDamagedIndexFileDoesNotStopAnotherDisksReplicate() throws Exception {
        Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
        byte[] first = disk(3);
        replicate("a", new TrackedSource(first, false));
        List<Path> indexes = objects("index");
        byte[] second = disk(4);
        replicate("b", new TrackedSource(second, false));
        flip(indexes.get(0), 20);
        PointInfo b = replicate("b", new TrackedSource(second, false));
        assertThat(restore("b", b.id())).isEqualTo(second);
        PointInfo a = replicate("a", new TrackedSource(first, false));
        assertThat(restore("a", a.id())).isEqualTo(first);
    }

    @Test
    void aDamagedNewestManifestDoesNotBlockItsDisk() throws Exception {
        Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
        byte[] disk = disk(5);
        replicate("d", new TrackedSource(disk, true));
        disk[3 * GRAIN] ^= 1;
        PointInfo second = replicate("d", new TrackedSource(disk, true));
        flip(dir.resolve("repo/points/d/" + second.id()), 30);
        disk[7 * GRAIN] ^= 1;
        TrackedSource tracked = new TrackedSource(disk, true);
        PointInfo third = replicate("d", tracked);
        assertThat(third.id()).isGreaterThan(second.id());
        assertThat(third.warnings()).anySatisfy(w -> assertThat(w).contains(second.id()));
        assertThat(restore("d", third.id())).isEqualTo(disk);
    }

    static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int value = raf.read();
            raf.seek(position);
            raf.write(value ^ 0x5a);
        }
    }

    static String sha(byte[] bytes) {
        return Hash.of(bytes).hex();
    }

    /**
     * An in-memory disk. When {@code tracking}, it reports nothing changed when asked with the token
     * it handed out (as a CBT source whose disk was not written), and a full pass otherwise.
     */
    static final class TrackedSource implements ChangedBlockSource {
        private final byte[] disk;
        private final boolean tracking;
        boolean askedWithToken;

        TrackedSource(byte[] disk, boolean tracking) {
            this.disk = disk.clone();
            this.tracking = tracking;
        }

        @Override
        public String uri() {
            return "test:tracked";
        }

        @Override
        public long size() {
            return disk.length;
        }

        @Override
        public ChangeSet changes(Optional<String> sinceToken) {
            Optional<String> next = tracking ? Optional.of("test-cbt:" + sha(disk)) : Optional.empty();
            if (sinceToken.isPresent() && tracking) {
                askedWithToken = true;
                String since = sinceToken.get();
                List<Extent> changed = since.equals(next.get()) ? List.of() : List.of(new Extent(0, disk.length));
                return new ExtentChanges(changed, List.of(), false, next, List.of());
            }
            return ExtentChanges.full(disk.length, List.of(), next, new ArrayList<>());
        }

        @Override
        public void read(long offset, ByteBuffer target) throws IOException {
            target.put(disk, Math.toIntExact(offset), target.remaining());
        }

        @Override
        public void close() {}
    }
}
