package io.pilotlight.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.Extent;
import io.pilotlight.source.FullPass;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChangeSet#knownZero()}: grains entirely inside it are zero grains the pipeline never reads. */
class KnownZeroTest {
    private static final int GRAIN = 65536;
    /** 16 grains and a short 17th. */
    private static final int SIZE = 16 * GRAIN + 1000;

    @TempDir
    Path dir;

    @Test
    void grainsInsideKnownZeroAreNotReadAndBecomeZeroOrStayUnchanged() throws Exception {
        byte[] disk = new byte[SIZE];
        new Random(3).nextBytes(disk);
        Arrays.fill(disk, 8 * GRAIN, 10 * GRAIN, (byte) 0); // grains 8, 9: zero in the parent already
        Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), GRAIN);
        Replicator replicator = new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE);
        PointInfo first = replicator.replicate("d", new ArraySource(disk.clone(), List.of()));

        // Grains 2-4 and the short last one become zero; 8-9 stay zero; grain 12 is zero only in part.
        Arrays.fill(disk, 2 * GRAIN, 5 * GRAIN, (byte) 0);
        Arrays.fill(disk, 16 * GRAIN, SIZE, (byte) 0);
        Arrays.fill(disk, 12 * GRAIN + 100, 13 * GRAIN, (byte) 0);
        List<Extent> zeros = List.of(new Extent(2 * GRAIN - 10, 3 * GRAIN + 10), new Extent(8 * GRAIN, 2 * GRAIN),
                new Extent(12 * GRAIN + 100, GRAIN - 100), new Extent(16 * GRAIN, 1000));
        ArraySource source = new ArraySource(disk, zeros);
        PointInfo second = replicator.replicate("d", source);

        assertThat(source.readGrains).doesNotContain(2, 3, 4, 8, 9, 16).contains(1, 5, 12);
        assertThat(second.readBytes()).isEqualTo(11L * GRAIN);
        assertThat(second.changedBytes()).isEqualTo(3L * GRAIN + 1000 + GRAIN); // 2-4, 16, and 12 by reading
        Restorer restorer = new Restorer(repository, ProgressListener.NONE);
        restorer.restore("d", second.id(), dir.resolve("restored"), false);
        assertThat(Files.readAllBytes(dir.resolve("restored"))).isEqualTo(disk);
        assertThat(first.readBytes()).isEqualTo(SIZE);
    }

    /** An in-memory disk whose change set is a full pass with the given known-zero extents. */
    private static final class ArraySource implements ChangedBlockSource {
        private final byte[] disk;
        private final List<Extent> zeros;
        final List<Integer> readGrains = new ArrayList<>();

        ArraySource(byte[] disk, List<Extent> zeros) {
            this.disk = disk;
            this.zeros = zeros;
        }

        @Override
        public String uri() {
            return "test:array";
        }

        @Override
        public long size() {
            return disk.length;
        }

        @Override
        public ChangeSet changes(Optional<String> sinceToken) {
            FullPass full = new FullPass(disk.length, Optional.empty(), List.of());
            return new ChangeSet() {
                @Override
                public List<Extent> changed() {
                    return full.changed();
                }

                @Override
                public List<Extent> knownZero() {
                    return zeros;
                }

                @Override
                public boolean fullPass() {
                    return true;
                }

                @Override
                public Optional<String> nextToken() {
                    return Optional.empty();
                }

                @Override
                public List<String> warnings() {
                    return List.of();
                }
            };
        }

        @Override
        public synchronized void read(long offset, ByteBuffer target) throws IOException {
            for (long g = offset / GRAIN; g * GRAIN < offset + target.remaining(); g++) {
                readGrains.add((int) g);
            }
            target.put(disk, (int) offset, target.remaining());
        }

        @Override
        public void close() {}
    }
}
