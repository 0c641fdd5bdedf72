package io.pilotlight.testing;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A directory repository with two points of disk {@code d1}: a 64 MiB image with 2 MiB of random
 * data, then a few changed grains. Remembers which pack each point added.
 */
public final class SampleRepository {
    public static final long SIZE = 64L << 20;

    public final Path root;
    public final Path image;
    public final Repository repository;
    public final PointInfo first;
    public final PointInfo second;
    public final List<String> firstPacks;
    public final List<String> secondPacks;

    public SampleRepository(Path dir) throws IOException {
        root = dir.resolve("repo");
        image = dir.resolve("disk.img");
        repository = Repository.init(new DirectoryObjectStore(root), 65536);
        Random random = new Random(5);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(SIZE);
            for (long offset : new long[] {0, 5L << 20, 40L << 20}) {
                byte[] data = new byte[(int) (offset == 0 ? 1 << 20 : 512 << 10)];
                random.nextBytes(data);
                file.seek(offset);
                file.write(data);
            }
        }
        first = replicate();
        firstPacks = List.copyOf(repository.storedPackKeys());
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            byte[] data = new byte[3 * 65536];
            random.nextBytes(data);
            file.seek(20L << 20);
            file.write(data);
        }
        second = replicate();
        Set<String> added = new HashSet<>(repository.storedPackKeys());
        added.removeAll(firstPacks);
        secondPacks = List.copyOf(added);
    }

    private PointInfo replicate() throws IOException {
        try (FileSource source = FileSource.open(image)) {
            return new Replicator(repository, new ReplicateOptions(2, 1), ProgressListener.NONE).replicate("d1", source);
        }
    }

    public Path file(String key) {
        return root.resolve(key);
    }

    /** Restores the second (latest) point to {@code target}: the reference image tests compare with. */
    public Path restoreLatest(Path target) throws IOException {
        new Restorer(repository, ProgressListener.NONE).restore("d1", second.id(), target, false);
        return target;
    }

    /** A fresh handle on the repository, as a new process would open it. */
    public Repository reopen() throws IOException {
        return Repository.open(new DirectoryObjectStore(root));
    }

    public static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int value = raf.read();
            raf.seek(position);
            raf.write(value ^ 0x5a);
        }
    }

    /** Bytes of blobs at the start of a pack (everything before its header), from its trailer. */
    public static long dataLength(Path pack) throws IOException {
        byte[] bytes = Files.readAllBytes(pack);
        int count = java.nio.ByteBuffer.wrap(bytes).getInt(bytes.length - 12);
        return bytes.length - 44L - 48L * count;
    }
}
