package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.store.MeteredObjectStore;
import io.pilotlight.store.StoreListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, goal 2 (docs/design.md §15a, index files verbatim): with a cache directory a writer GETs
 * only the index files it has no copy of, so its requests do not grow with the index files of the
 * repository; a corrupt copy is detected and read again, a copy of a file no longer listed is dropped.
 */
class IndexFileCacheTest {
    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<String> indexReads = new ConcurrentLinkedQueue<>();
    private final List<Hash> blobs = new ArrayList<>();

    @BeforeEach
    void threeIndexFiles() throws IOException {
        Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 4096);
        // Format 5: hex names, every run lists all (a removal leaves no trace; format 6 is IndexCursorTest's)
        OldFormat.set(new DirectoryObjectStore(dir.resolve("repo")), 5);
        Repository repository = Repository.open(new DirectoryObjectStore(dir.resolve("repo")));
        Random random = new Random(18);
        for (int i = 0; i < 3; i++) {
            blobs.add(RandomBlobs.store(repository, random));
        }
        assertThat(indexFiles()).hasSize(3);
    }

    @Test
    void aSecondRunGetsNoIndexFileItHasACopyOf() throws IOException {
        assertThat(writerKnowsEveryBlob()).isTrue();
        assertThat(indexReads).hasSize(3);
        indexReads.clear();

        assertThat(writerKnowsEveryBlob()).isTrue();

        assertThat(indexReads).isEmpty();
    }

    @Test
    void withoutACacheEveryRunGetsEveryIndexFile() throws IOException {
        for (int run = 0; run < 2; run++) {
            indexReads.clear();
            try (BlobWriter writer = open(Optional.empty()).newBlobWriter(1)) {
                assertThat(blobs).allMatch(writer::indexed);
            }
            assertThat(indexReads).hasSize(3);
        }
    }

    @Test
    void aCorruptCopyIsReadAgainFromTheStoreAndReplaced() throws IOException {
        writerKnowsEveryBlob();
        Path copy = cachedCopies().get(1);
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length - 5] ^= 1;
        Files.write(copy, bytes);
        dropTable();
        indexReads.clear();

        assertThat(writerKnowsEveryBlob()).isTrue();

        assertThat(indexReads).containsExactly("index/" + copy.getFileName());
        indexReads.clear();
        dropTable();
        assertThat(writerKnowsEveryBlob()).isTrue();
        assertThat(indexReads).as("the copy was replaced by the store's").isEmpty();
    }

    /** Removes this host's index table, so that a run reads the cached copies (IndexTableTest tests the table). */
    private void dropTable() throws IOException {
        Files.delete(cachedCopies().get(0).resolveSibling("table"));
    }

    @Test
    void aCopyOfAFileTheStoreNoLongerListsIsDroppedAndItsBlobsAreNotIndexed() throws IOException {
        writerKnowsEveryBlob();
        Path removed = indexFiles().get(0);
        Files.delete(removed); // as a prune or repair replacing it would

        try (BlobWriter writer = open(Optional.of(dir.resolve("cache"))).newBlobWriter(1)) {
            assertThat(blobs.stream().filter(writer::indexed)).hasSize(2);
        }
        assertThat(cachedCopies()).hasSize(2).noneMatch(copy -> copy.getFileName().equals(removed.getFileName()));
    }

    private boolean writerKnowsEveryBlob() throws IOException {
        try (BlobWriter writer = open(Optional.of(dir.resolve("cache"))).newBlobWriter(1)) {
            return blobs.stream().allMatch(writer::indexed);
        }
    }

    private Repository open(Optional<Path> cache) throws IOException {
        StoreListener listener = new StoreListener() {
            @Override
            public void requestStarted(Kind kind, String key) {
                if (kind == Kind.GET && key.startsWith("index/")) {
                    indexReads.add(key);
                }
            }
        };
        return Repository.open(new MeteredObjectStore(new DirectoryObjectStore(dir.resolve("repo")), listener),
                Passphrases.NONE, Clock.systemUTC(), cache);
    }

    private List<Path> indexFiles() throws IOException {
        return files(dir.resolve("repo").resolve("index"));
    }

    private List<Path> cachedCopies() throws IOException {
        return files(dir.resolve("cache")).stream().filter(p -> p.getParent().getFileName().toString().equals("index"))
                .filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).toList();
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
