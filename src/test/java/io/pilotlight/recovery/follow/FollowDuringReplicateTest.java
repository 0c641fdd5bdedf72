package io.pilotlight.recovery.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower polling a repository while replicate commits point after point never sees a torn
 * point: every follow it makes (each through a freshly opened repository, as a new process would)
 * succeeds, its digest check passes, and the point it applied is one replicate committed.
 */
class FollowDuringReplicateTest {
    private static final int POINTS = 8;

    @TempDir
    Path dir;

    @Test
    void aFollowerNeverSeesATornPoint() throws Exception {
        Path root = dir.resolve("repo");
        Repository writer = Repository.init(new DirectoryObjectStore(root), 65536);
        Path source = dir.resolve("source.img");
        Random random = new Random(23);
        change(source, random, true);
        List<PointInfo> committed = new CopyOnWriteArrayList<>(List.of(replicate(writer, source)));
        Path image = dir.resolve("standby.img");
        Set<String> applied = ConcurrentHashMap.newKeySet();
        AtomicBoolean replicating = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(180), () -> {
                Future<?> follower = threads.submit(() -> {
                    while (replicating.get()) {
                        Repository reader = Repository.open(new DirectoryObjectStore(root));
                        FollowResult result = new Follower(reader, ProgressListener.NONE).follow("d1", image,
                                Optional.empty(), true);
                        assertThat(result.verified()).isTrue();
                        applied.add(result.point());
                    }
                    return null;
                });
                for (int i = 1; i < POINTS; i++) {
                    change(source, random, false);
                    committed.add(replicate(writer, source));
                }
                replicating.set(false);
                follower.get();
            });
        } finally {
            threads.shutdownNow();
        }
        assertThat(committed.stream().map(PointInfo::id).toList()).containsAll(applied);
        assertThat(applied).as("the follower saw several points land").hasSizeGreaterThan(1);
        new Follower(Repository.open(new DirectoryObjectStore(root)), ProgressListener.NONE)
                .follow("d1", image, Optional.empty(), true);
        assertThat(Files.mismatch(image, source)).isEqualTo(-1);
    }

    /** A 24 MiB image; the first time 4 MiB of data, then 40 scattered grains and one grain zeroed. */
    private static void change(Path source, Random random, boolean first) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.setLength(24L << 20);
            List<Long> offsets = new ArrayList<>();
            if (first) {
                offsets.add(0L);
            }
            for (int i = 0; i < (first ? 0 : 40); i++) {
                offsets.add((long) random.nextInt(384) * 65536);
            }
            for (long offset : offsets) {
                byte[] data = new byte[first ? 4 << 20 : 65536];
                random.nextBytes(data);
                file.seek(offset);
                file.write(data);
            }
            if (!first) {
                file.seek((long) random.nextInt(384) * 65536);
                file.write(new byte[65536]);
            }
        }
    }

    private static PointInfo replicate(Repository repository, Path source) throws Exception {
        try (FileSource from = FileSource.open(source)) {
            return new Replicator(repository, new ReplicateOptions(2, 1), ProgressListener.NONE).replicate("d1", from);
        }
    }
}
