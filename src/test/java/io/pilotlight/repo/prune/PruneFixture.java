package io.pilotlight.repo.prune;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.PackEntry;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.check.VerifyReport;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.testing.MutableClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A repository in a real store with disks whose points a test makes, forgets (by deleting their
 * manifests through the store) and restores; each point's image is kept to compare restores with.
 */
final class PruneFixture {
    static final long DISK_SIZE = 8L << 20;

    final Path dir;
    final ObjectStore store;
    final Repository repository;
    final MutableClock clock = new MutableClock(Instant.now());
    private final Map<String, Path> images = new LinkedHashMap<>();
    private final Map<String, Path> pointImages = new LinkedHashMap<>();
    private final Random random = new Random(11);

    PruneFixture(Path dir, ObjectStore store) throws IOException {
        this.dir = dir;
        this.store = store;
        this.repository = Repository.init(store, 65536);
    }

    /** Writes {@code length} random bytes at {@code offset} of the disk's image (made sparse at first). */
    void write(String disk, long offset, int length) throws IOException {
        Path image = images.computeIfAbsent(disk, d -> dir.resolve(d + ".img"));
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(DISK_SIZE);
            byte[] data = new byte[length];
            random.nextBytes(data);
            file.seek(offset);
            file.write(data);
        }
    }

    /** Replicates the disk's image through {@code through}; keeps a copy of the image as the point holds it. */
    PointInfo replicate(Repository through, String disk) throws IOException {
        PointInfo point;
        try (FileSource source = FileSource.open(images.get(disk))) {
            point = new Replicator(through, ReplicateOptions.defaults(), ProgressListener.NONE).replicate(disk, source);
        }
        Path copy = dir.resolve(disk + "-" + point.id() + ".expected");
        Files.copy(images.get(disk), copy);
        pointImages.put(disk + "/" + point.id(), copy);
        return point;
    }

    PointInfo replicate(String disk) throws IOException {
        return replicate(repository, disk);
    }

    /** Makes every point of {@code disk} unused as forget would: deletes its manifests. */
    void forgetAll(String disk) throws IOException {
        for (ObjectInfo info : store.list("points/" + disk + "/")) {
            store.delete(info.key());
            pointImages.remove(disk + "/" + info.key().substring(info.key().lastIndexOf('/') + 1));
        }
    }

    /** Forgets every point of {@code disk} but its newest, as forget's rules require. */
    void forgetAllButNewest(String disk) throws IOException {
        List<ObjectInfo> points = store.list("points/" + disk + "/");
        for (ObjectInfo info : points.subList(0, points.size() - 1)) {
            store.delete(info.key());
            pointImages.remove(disk + "/" + info.key().substring(info.key().lastIndexOf('/') + 1));
        }
    }

    /** Drops one point from those expected to restore (its manifest was deleted by the test). */
    void forgetAllExpected(String disk, String id) {
        pointImages.remove(disk + "/" + id);
    }

    PruneResult prune(Repository through) throws IOException {
        return new Pruner(through, PruneOptions.defaults(), clock, ProgressListener.NONE).run();
    }

    PruneResult prune() throws IOException {
        return prune(repository);
    }

    /** Prunes, then again after the grace: plans, then deletes. */
    PruneResult pruneTwice() throws IOException {
        prune();
        clock.advance(PruneOptions.DEFAULT_GRACE.plus(Duration.ofMinutes(1)));
        return prune();
    }

    Set<String> storedPacks() throws IOException {
        Set<String> keys = new HashSet<>();
        store.list("data/").forEach(info -> keys.add(info.key()));
        return keys;
    }

    /** Every point still committed restores to exactly the image it was made from; verify --read-data is clean. */
    void assertEveryPointRestores(Repository through) throws IOException {
        assertThat(through.points(java.util.Optional.empty())).hasSize(pointImages.size());
        for (Map.Entry<String, Path> point : pointImages.entrySet()) {
            String[] parts = point.getKey().split("/");
            Path target = dir.resolve("restored-" + parts[0] + "-" + parts[1] + ".img");
            new Restorer(through, ProgressListener.NONE).restore(parts[0], parts[1], target, true);
            assertThat(Files.mismatch(target, point.getValue())).as(point.getKey()).isEqualTo(-1L);
            Files.delete(target);
        }
        VerifyReport report = new Verifier(through, ProgressListener.NONE).verify(true);
        assertThat(report.faults()).isEmpty();
    }

    /** No index file names a pack the store no longer holds. */
    void assertIndexNamesOnlyStoredPacks() throws IOException {
        Set<Hash> stored = repository.packs().storedPacks().keySet();
        for (Map<Hash, List<PackEntry>> file : repository.packs().indexFiles().values()) {
            assertThat(stored).containsAll(file.keySet());
        }
    }
}
