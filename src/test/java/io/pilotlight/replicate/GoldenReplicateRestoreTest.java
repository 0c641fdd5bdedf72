package io.pilotlight.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.DiskImage;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden end-to-end: rounds of changes to a sparse image, a point after each, every point restored
 * and byte-compared with a copy of the image taken at that round, and each point's statistics
 * checked against a reference model of the change.
 */
@Slow
class GoldenReplicateRestoreTest {
    private static final int GRAIN = 65536;
    private static final int CHUNK_GRAINS = 16;

    @TempDir
    Path dir;

    private Repository repository;
    private int grain = GRAIN;
    private final List<PointInfo> points = new ArrayList<>();
    private final List<Path> copies = new ArrayList<>();

    private PointInfo replicate(String disk, DiskImage image) throws IOException {
        return replicate(disk, image.path());
    }

    private PointInfo replicate(String disk, Path image) throws IOException {
        Replicator replicator = new Replicator(repository, new ReplicateOptions(2, 2), ProgressListener.NONE);
        PointInfo point;
        try (FileSource source = FileSource.open(image)) {
            point = replicator.replicate(disk, source);
        }
        Path copy = dir.resolve("copy-" + copies.size());
        DiskImage.sparseCopy(image, copy, grain);
        assertThat(point.digest()).as("digest of point %d", copies.size()).isEqualTo(DiskImage.digest(copy, grain));
        assertThat(point.diskSize()).isEqualTo(Files.size(copy));
        if (disk.equals("d1")) {
            if (!copies.isEmpty()) {
                assertThat(point.changedBytes()).as("changed bytes of point %d", copies.size())
                        .isEqualTo(DiskImage.changedBytes(copies.get(copies.size() - 1), copy, grain));
            }
            points.add(point);
            copies.add(copy);
        }
        return point;
    }

    @Test
    void everyPointOfAChangingDiskRestoresExactlyAndCountsExactlyWhatChanged() throws Exception {
        repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
        DiskImage image = new DiskImage(dir.resolve("disk.img"), 96L << 20, GRAIN, 2026);
        long dataBytes = 0;
        TreeSet<Long> dataGrains = new TreeSet<>();
        for (int i = 0; i < 25; i++) {
            int grains = 1 + image.random().nextInt(24);
            long first = image.random().nextInt(1536 - grains);
            image.writeRandom(first, grains);
            for (long g = first; g < first + grains; g++) {
                dataGrains.add(g);
            }
        }
        dataBytes = (long) dataGrains.size() * GRAIN;

        PointInfo full = replicate("d1", image);
        assertThat(full.changedBytes()).isEqualTo(dataBytes);
        assertThat(full.newBytes()).isEqualTo(dataBytes);
        assertThat(full.parent()).isEmpty();

        // Round 1: 20 scattered single grains of fresh random data, away from each other.
        List<Long> scattered = new ArrayList<>();
        for (long g = 7; scattered.size() < 20; g += 61) {
            scattered.add(g);
        }
        List<byte[]> firstContent = new ArrayList<>();
        for (long g : scattered) {
            firstContent.add(image.writeRandom(g, 1));
        }
        PointInfo singles = replicate("d1", image);
        long n = scattered.size() * (long) GRAIN;
        assertThat(singles.changedBytes()).isEqualTo(n);
        assertThat(singles.newBytes()).isEqualTo(n);
        assertThat(singles.storedBytes()).isBetween(n, n + n / 20);
        assertThat(singles.parent()).contains(full.id());

        // Round 2: the same grains again, new content; runs crossing chunk boundaries; identical rewrites.
        for (long g : scattered) {
            image.writeRandom(g, 1);
        }
        image.writeRandom(5 * CHUNK_GRAINS - 3, 7);
        image.writeRandom(40 * CHUNK_GRAINS - 1, 2 * CHUNK_GRAINS + 2);
        image.write(30L * GRAIN, image.read(30L * GRAIN, 4 * GRAIN)); // same bytes: no change
        replicate("d1", image);

        // Round 3: the scattered grains get their round-1 content back: changed, but stored already.
        for (int i = 0; i < scattered.size(); i++) {
            image.write(scattered.get(i) * GRAIN, firstContent.get(i));
        }
        PointInfo reverted = replicate("d1", image);
        assertThat(reverted.changedBytes()).isEqualTo(n);
        assertThat(reverted.newBytes()).isZero();

        // Round 4: zero a region that had data, across a chunk boundary.
        long firstData = dataGrains.first();
        image.write(firstData * GRAIN, new byte[20 * GRAIN]);
        PointInfo zeroed = replicate("d1", image);
        assertThat(zeroed.changedBytes()).isPositive();
        assertThat(zeroed.newBytes()).isZero();

        // Round 5: grow by a part of a grain, with data in the new last grain; round 6: shrink, not aligned.
        image.setLength((96L << 20) + 12345);
        image.write((96L << 20) + 100, new byte[] {1, 2, 3});
        PointInfo grown = replicate("d1", image);
        assertThat(grown.diskSize()).isEqualTo((96L << 20) + 12345);
        assertThat(grown.changedBytes()).isEqualTo(12345);
        image.setLength((80L << 20) + 777);
        image.write((80L << 20) + 5, new byte[] {9});
        replicate("d1", image);

        // Round 7: nothing changed.
        PointInfo same = replicate("d1", image);
        assertThat(same.changedBytes()).isZero();
        assertThat(same.newBytes()).isZero();
        assertThat(same.digest()).isEqualTo(points.get(points.size() - 2).digest());

        // The first image as a second disk: the same chunks (a full pass cuts them the same way), all stored.
        PointInfo otherDisk = replicate("d2", copies.get(0));
        assertThat(otherDisk.changedBytes()).isEqualTo(dataBytes);
        assertThat(otherDisk.newBytes()).isZero();
        assertThat(otherDisk.digest()).isEqualTo(full.digest());

        Repository reopened = Repository.open(new DirectoryObjectStore(dir.resolve("repo")));
        assertThat(reopened.points(Optional.of("d1"))).extracting(PointInfo::id)
                .containsExactlyElementsOf(points.stream().map(PointInfo::id).toList());
        Restorer restorer = new Restorer(reopened, ProgressListener.NONE);
        for (int i = 0; i < points.size(); i++) {
            Path restored = dir.resolve("restored-" + i);
            restorer.restore("d1", points.get(i).id(), restored, false);
            assertThat(Files.mismatch(copies.get(i), restored)).as("point %d", i).isEqualTo(-1);
            Files.delete(restored);
        }
        assertThat(new Verifier(reopened, ProgressListener.NONE).verify(true).faults()).isEmpty();
    }

    /**
     * Segment boundaries, made cheap with 4 KiB grains: a segment is 16384 grains = 64 MiB, a chunk
     * 256 grains = 1 MiB. Runs and zeroed regions across a segment boundary, a disk that grows into
     * a new segment and shrinks out of two.
     */
    @Test
    void changesAcrossSegmentBoundariesRestoreExactly() throws Exception {
        grain = 4096;
        int segment = 16384;
        repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), grain);
        assertThat(repository.config().segmentGrains()).isEqualTo(segment);
        DiskImage image = new DiskImage(dir.resolve("disk.img"), (130L << 20) + 1000, grain, 99);
        image.writeRandom(segment - 300, 600);
        image.writeRandom(2L * segment - 1, 2);
        image.writeRandom(100, 10);
        replicate("d1", image);

        image.writeRandom(segment - 2, 5);
        image.writeRandom(2L * segment - 256 - 1, 258);
        PointInfo runs = replicate("d1", image);
        assertThat(runs.changedBytes()).isEqualTo((5L + 258) * grain);
        assertThat(runs.newBytes()).isEqualTo((5L + 258) * grain);

        image.write((segment - 100L) * grain, new byte[200 * grain]);
        PointInfo zeroed = replicate("d1", image);
        assertThat(zeroed.changedBytes()).isEqualTo(200L * grain);
        assertThat(zeroed.newBytes()).isZero();

        image.setLength((200L << 20) + 3);
        image.write((200L << 20) + 1, new byte[] {7});
        image.writeRandom(3L * segment - 1, 3);
        replicate("d1", image);
        image.setLength((60L << 20) + 4095);
        replicate("d1", image);
        image.setLength((70L << 20) + 1);
        PointInfo regrown = replicate("d1", image);
        assertThat(regrown.changedBytes()).isZero();

        Restorer restorer = new Restorer(repository, ProgressListener.NONE);
        for (int i = 0; i < points.size(); i++) {
            Path restored = dir.resolve("restored-" + i);
            restorer.restore("d1", points.get(i).id(), restored, false);
            assertThat(Files.mismatch(copies.get(i), restored)).as("point %d", i).isEqualTo(-1);
            Files.delete(restored);
        }
    }
}
