package io.pilotlight.repo.lock;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** The disks the Object Lock tests protect: small sparse images, replicated as disk {@code d1}. */
final class LockTestDisks {
    private LockTestDisks() {
    }

    /** {@code mib} MiB in {@code dir}, sparse, with 1 MiB of random data (from {@code seed}) at 1 MiB. */
    static Path image(Path dir, int seed, int mib) throws IOException {
        Path image = dir.resolve("disk-" + seed + ".img");
        Files.deleteIfExists(image);
        Random random = new Random(seed);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength((long) mib << 20);
            byte[] data = new byte[1 << 20];
            random.nextBytes(data);
            file.seek(1 << 20);
            file.write(data);
        }
        return image;
    }

    /** A point of {@code image} as disk {@code d1}. */
    static PointInfo replicate(Repository repository, Path image) throws IOException {
        try (FileSource source = FileSource.open(image)) {
            return new Replicator(repository, new ReplicateOptions(2, 1), ProgressListener.NONE).replicate("d1", source);
        }
    }
}
