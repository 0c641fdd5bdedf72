package io.pilotlight.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.check.VerifyReport;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.Slow;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Slow
class ReplicateRestoreTest {
    @TempDir
    Path dir;

    @Test
    void incrementalPointsRestoreExactly() throws Exception {
        Path image = dir.resolve("disk.img");
        Random random = new Random(7);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(64L << 20);
            for (int i = 0; i < 20; i++) {
                byte[] data = new byte[(1 + random.nextInt(20)) * 65536];
                random.nextBytes(data);
                file.seek((long) random.nextInt(1000) * 65536 % ((64L << 20) - data.length));
                file.write(data);
            }
        }
        Path copy1 = dir.resolve("copy1");
        Files.copy(image, copy1);
        Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
        Replicator replicator = new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE);
        PointInfo first;
        try (FileSource source = FileSource.open(image)) {
            first = replicator.replicate("d1", source);
        }
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            for (int i = 0; i < 30; i++) {
                byte[] data = new byte[65536];
                random.nextBytes(data);
                file.seek((long) random.nextInt(1024) * 65536);
                file.write(data);
            }
            file.seek(0);
            file.write(new byte[65536]);
            file.setLength((64L << 20) + 12345);
        }
        PointInfo second;
        try (FileSource source = FileSource.open(image)) {
            second = replicator.replicate("d1", source);
        }
        assertThat(second.changedBytes()).isLessThanOrEqualTo(32L * 65536 + 65536);
        Restorer restorer = new Restorer(repository, ProgressListener.NONE);
        restorer.restore("d1", first.id(), dir.resolve("r1"), false);
        restorer.restore("d1", "latest", dir.resolve("r2"), false);
        assertThat(Files.mismatch(copy1, dir.resolve("r1"))).isEqualTo(-1);
        assertThat(Files.mismatch(image, dir.resolve("r2"))).isEqualTo(-1);
        Repository reopened = Repository.open(new DirectoryObjectStore(dir.resolve("repo")));
        VerifyReport report = new Verifier(reopened, ProgressListener.NONE).verify(true);
        assertThat(report.faults()).isEmpty();
        assertThat(reopened.points(Optional.empty())).hasSize(2);
    }
}
