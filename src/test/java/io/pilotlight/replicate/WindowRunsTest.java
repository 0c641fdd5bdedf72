package io.pilotlight.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window's runs are read one after another into one pooled buffer, and its new chunks stored raw
 * are views of that buffer until the writer copies them: runs of one window must not overwrite each
 * other's chunks, and a buffer given back must not change the chunks of a later window.
 */
class WindowRunsTest {
    private static final int GRAIN = 65536;

    @TempDir
    Path dir;

    @Test
    void manyRunsInOneWindowAndManyWindowsRestoreExactly() throws Exception {
        Path image = dir.resolve("disk.img");
        Random random = new Random(21);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(8L << 20);
            for (int window = 0; window < 8; window++) {
                for (int grain : new int[] {0, 2, 3, 5, 9, 15}) { // runs of 1, 2, 1, 1 and 1 grains, holes between
                    byte[] data = new byte[GRAIN];
                    random.nextBytes(data); // incompressible: stored raw, a view of the window's buffer
                    file.seek((long) window * (1 << 20) + (long) grain * GRAIN);
                    file.write(data);
                }
            }
        }
        Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
        PointInfo point;
        try (FileSource source = FileSource.open(image)) {
            point = new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE).replicate("d", source);
        }

        new Restorer(repository, ProgressListener.NONE).restore("d", point.id(), dir.resolve("restored"), false);

        assertThat(Files.mismatch(image, dir.resolve("restored"))).isEqualTo(-1);
        assertThat(point.changedBytes()).isEqualTo(8L * 6 * GRAIN);
    }
}
