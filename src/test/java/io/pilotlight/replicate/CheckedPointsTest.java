package io.pilotlight.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.ImageDigest;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.Extent;
import io.pilotlight.source.ExtentChanges;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.store.MeteredObjectStore;
import io.pilotlight.store.StoreListener;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, goal 1 through a CBT source: a no-change cycle costs what changed, not what the disk
 * holds. Without a cache it reads each distinct parent segment once (to check its chunks are
 * indexed, §10 step 4); with a record of the parent as checked ({@link CheckedPoints}) it reads
 * none. The record is believed only while every index file it names is still read, so issue 19's
 * rule (a point never names a blob that is not indexed) holds: DamagedRepositoryCachedReplicateTest.
 */
class CheckedPointsTest {
    private static final int GRAIN = 4096;
    /** 16 segments of 16 Ki grains of 4 KiB (64 MiB each). */
    private static final long SIZE = 1L << 30;
    private static final long SEGMENT = 64L << 20;

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<String> reads = new ConcurrentLinkedQueue<>();

    @Test
    void aNoChangeCycleOverACheckedParentReadsNoSegmentAndNoSourceData() throws Exception {
        BitmapSource source = new BitmapSource(sparseImageWithData());
        PointInfo first = replicate(source, true);
        source.checkpoint();

        reads.clear();
        PointInfo second = replicate(source, true);

        assertThat(packReads()).as("pack reads of a no-change cycle over a checked parent").isEmpty();
        assertThat(second.readBytes()).isZero();
        assertThat(manifest(second).segments()).isEqualTo(manifest(first).segments());
        assertThat(second.digest()).isEqualTo(first.digest());
    }

    @Test
    void withoutACacheEachDistinctParentSegmentIsReadOnce() throws Exception {
        BitmapSource source = new BitmapSource(sparseImageWithData());
        PointInfo first = replicate(source, false);
        source.checkpoint();

        reads.clear();
        PointInfo second = replicate(source, false);

        long distinct = new HashSet<>(manifest(first).segments()).size();
        assertThat(distinct).as("three data segments and the all-zero one").isEqualTo(4);
        assertThat(packReads()).hasSize((int) distinct);
        assertThat(manifest(second).segments()).isEqualTo(manifest(first).segments());
    }

    @Test
    void aChangeAfterUnreadSegmentsGivesTheImagesDigestAndRestores() throws Exception {
        Path image = sparseImageWithData();
        BitmapSource source = new BitmapSource(image);
        replicate(source, true);
        source.checkpoint();
        source.write(13 * SEGMENT + 7 * GRAIN, new byte[] {1, 2, 3});

        PointInfo second = replicate(source, true);

        assertThat(second.changedBytes()).isEqualTo(GRAIN);
        assertThat(second.digest()).isEqualTo(digestOf(image));
        Path restored = dir.resolve("restored.img");
        new Restorer(open(), ProgressListener.NONE).restore("d", second.id(), restored, false);
        assertThat(Files.mismatch(restored, image)).isEqualTo(-1);
    }

    @Test
    void aCorruptRecordIsIgnoredAndTheSegmentsAreCheckedByReading() throws Exception {
        BitmapSource source = new BitmapSource(sparseImageWithData());
        replicate(source, true);
        source.checkpoint();
        Path record;
        try (Stream<Path> files = Files.walk(dir.resolve("cache"))) {
            record = files.filter(p -> p.getFileName().toString().equals("d")).findFirst().orElseThrow();
        }
        byte[] text = Files.readAllBytes(record);
        text[text.length / 2] ^= 1;
        Files.write(record, text);

        reads.clear();
        replicate(source, true);

        assertThat(packReads()).hasSize(4);
    }

    @Test
    void aRecordOfAnotherPointIsNotBelieved() throws Exception {
        BitmapSource source = new BitmapSource(sparseImageWithData());
        replicate(source, true);
        source.checkpoint();
        replicate(source, false); // a point this host's cache did not record (another host's, say)
        source.checkpoint();

        reads.clear();
        replicate(source, true);

        assertThat(packReads()).hasSize(4);
    }

    private List<String> packReads() {
        return reads.stream().filter(key -> key.startsWith("data/")).toList();
    }

    private Repository open() throws IOException {
        StoreListener listener = new StoreListener() {
            @Override
            public void requestStarted(Kind kind, String key) {
                if (kind == Kind.GET || kind == Kind.GET_RANGE) {
                    reads.add(key);
                }
            }
        };
        Path root = dir.resolve("repo");
        if (!Files.exists(root)) {
            Repository.init(new DirectoryObjectStore(root), GRAIN);
        }
        return Repository.open(new MeteredObjectStore(new DirectoryObjectStore(root), listener));
    }

    private PointInfo replicate(BitmapSource source, boolean cache) throws IOException {
        ReplicateOptions options = new ReplicateOptions(2, 1)
                .withCache(cache ? Optional.of(dir.resolve("cache")) : Optional.empty());
        return new Replicator(open(), options, ProgressListener.NONE).replicate("d", source);
    }

    private Manifest manifest(PointInfo point) throws IOException {
        return open().manifest("d", point.id());
    }

    /** A sparse 1 GiB image with 1 MiB of random data in segments 0, 9 and 15. */
    private Path sparseImageWithData() throws IOException {
        Path image = dir.resolve("disk.img");
        Random random = new Random(18);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(SIZE);
            for (long offset : new long[] {0, 9 * SEGMENT + 100 * GRAIN, SIZE - (1 << 20)}) {
                byte[] data = new byte[1 << 20];
                random.nextBytes(data);
                file.seek(offset);
                file.write(data);
            }
        }
        return image;
    }

    private static String digestOf(Path image) throws IOException {
        ImageDigest digest = new ImageDigest(SIZE, GRAIN);
        byte[] grain = new byte[GRAIN];
        byte[] hash = new byte[io.pilotlight.repo.Hash.LENGTH];
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
            for (long offset = 0; offset < SIZE; offset += GRAIN) {
                file.readFully(grain);
                io.pilotlight.repo.Hash.of(grain).copyTo(hash, 0);
                digest.addGrain(hash, 0);
            }
        }
        return digest.finish().hex();
    }

    /**
     * A file with change tracking as a CBT source has it: {@link #write} records the extent, and a
     * run asked with the token of the last {@link #checkpoint} is told only those extents.
     */
    private static final class BitmapSource implements ChangedBlockSource {
        private final Path image;
        private final List<Extent> dirty = new ArrayList<>();
        private int generation;

        BitmapSource(Path image) {
            this.image = image;
        }

        void write(long offset, byte[] data) throws IOException {
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.seek(offset);
                file.write(data);
            }
            dirty.add(new Extent(offset, data.length));
        }

        void checkpoint() {
            generation++;
            dirty.clear();
        }

        @Override
        public String uri() {
            return "test:bitmap";
        }

        @Override
        public long size() {
            return SIZE;
        }

        @Override
        public ChangeSet changes(Optional<String> sinceToken) {
            Optional<String> next = Optional.of("bitmap:" + (generation + 1));
            if (sinceToken.equals(Optional.of("bitmap:" + generation))) {
                return new ExtentChanges(List.copyOf(dirty), List.of(), false, next, List.of());
            }
            return ExtentChanges.full(SIZE, List.of(), next, new ArrayList<>());
        }

        @Override
        public void read(long offset, ByteBuffer target) throws IOException {
            try (var channel = Files.newByteChannel(image)) {
                channel.position(offset);
                while (target.hasRemaining()) {
                    if (channel.read(target) < 0) {
                        throw new IOException("read past the end of " + image);
                    }
                }
            }
        }

        @Override
        public void close() {}
    }
}
