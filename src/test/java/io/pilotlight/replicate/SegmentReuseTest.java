package io.pilotlight.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cycle's segments follow the change: a segment in which nothing changed is the parent's, by id
 * (not encoded, hashed or stored again), whatever the disk's size; a changed one is new.
 */
class SegmentReuseTest {
    private static final int GRAIN = 4096;
    /** 16 segments of 16 Ki grains of 4 KiB (64 MiB each). */
    private static final long SIZE = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void aNoChangeCycleNamesTheParentsSegmentsAndStoresNoBlob() throws Exception {
        Path image = sparseImageWithData();
        Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
        PointInfo first = replicate(repository, image);
        long packsBefore = packs();

        PointInfo second = replicate(repository, image);

        Manifest parent = repository.manifest("d", first.id());
        Manifest child = repository.manifest("d", second.id());
        assertThat(child.segments()).isEqualTo(parent.segments());
        assertThat(child.digest()).isEqualTo(parent.digest());
        assertThat(second.changedBytes()).isZero();
        assertThat(second.newBytes()).isZero();
        assertThat(packs()).isEqualTo(packsBefore);
    }

    @Test
    void onlyTheSegmentsWhereSomethingChangedAreNew() throws Exception {
        Path image = sparseImageWithData();
        Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
        PointInfo first = replicate(repository, image);
        byte[] change = new byte[GRAIN];
        new Random(7).nextBytes(change);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(3 * (64L << 20) + 5 * GRAIN); // segment 3, a hole until now
            file.write(change);
            file.seek(9 * (64L << 20) + 100 * GRAIN); // segment 9: data becomes zero
            file.write(new byte[GRAIN]);
        }

        PointInfo second = replicate(repository, image);

        List<String> before = repository.manifest("d", first.id()).segments();
        List<String> after = repository.manifest("d", second.id()).segments();
        List<Integer> differing = IntStream.range(0, before.size()).filter(s -> !before.get(s).equals(after.get(s)))
                .boxed().toList();
        assertThat(differing).containsExactly(3, 9);
        assertThat(second.changedBytes()).isEqualTo(2L * GRAIN);
        Path restored = dir.resolve("restored.img");
        new Restorer(repository, ProgressListener.NONE).restore("d", second.id(), restored, false);
        assertThat(Files.mismatch(restored, image)).isEqualTo(-1);
    }

    /** A sparse 1 GiB image with 1 MiB of random data in segments 0, 9 and 15. */
    private Path sparseImageWithData() throws Exception {
        Path image = dir.resolve("disk.img");
        Random random = new Random(18);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(SIZE);
            for (long offset : new long[] {0, 9 * (64L << 20) + 100 * GRAIN, SIZE - (1 << 20)}) {
                byte[] data = new byte[1 << 20];
                random.nextBytes(data);
                file.seek(offset);
                file.write(data);
            }
        }
        return image;
    }

    private static PointInfo replicate(Repository repository, Path image) throws Exception {
        try (FileSource source = FileSource.open(image)) {
            return new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE).replicate("d", source);
        }
    }

    private long packs() throws Exception {
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(dir.resolve("repo"))) {
            walk.filter(Files::isRegularFile).filter(p -> p.toString().contains("pack")).forEach(files::add);
        }
        return files.size();
    }
}
