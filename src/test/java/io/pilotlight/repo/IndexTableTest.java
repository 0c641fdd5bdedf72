package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.store.MeteredObjectStore;
import io.pilotlight.store.StoreListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, goal 2 (docs/design.md §15a, the lazily read table): a writer with a cache directory
 * answers from this host's memory-mapped table of the index, reading no index file it covers; a
 * corrupt table is detected and rebuilt, a deleted cache changes nothing but reads, a table is
 * extended with the index files another writer added and rebuilt when files it covers are gone.
 */
class IndexTableTest {
    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<String> indexReads = new ConcurrentLinkedQueue<>();
    private final List<Hash> blobs = new ArrayList<>();
    private final Random random = new Random(18);
    private final Hash stranger = Hash.of(new byte[] {1, 8});

    @BeforeEach
    void threeIndexFiles() throws IOException {
        for (int i = 0; i < 3; i++) {
            storeBlob(open(Optional.empty()));
        }
    }

    @Test
    void aWarmRunAnswersFromTheTableReadingNoIndexFile() throws IOException {
        assertThat(indexed()).containsExactlyElementsOf(blobs);
        assertThat(table()).exists();
        for (Path copy : cachedCopies()) {
            Files.delete(copy); // the table alone must answer: no copy is decoded
        }
        indexReads.clear();

        assertThat(indexed()).containsExactlyElementsOf(blobs);

        assertThat(indexReads).isEmpty();
    }

    @Test
    void aCorruptTableIsDetectedAndRebuilt() throws IOException {
        indexed();
        byte[] bytes = Files.readAllBytes(table());
        bytes[bytes.length - 40] ^= 1; // a bit of an entry's id
        Files.write(table(), bytes);
        assertThatThrownBy(() -> IndexTable.open(table())).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("checksum");

        assertThat(indexed()).containsExactlyElementsOf(blobs);

        assertThat(IndexTable.open(table())).get().extracting(IndexTable::entryCount).isEqualTo(3);
    }

    @Test
    void aTruncatedTableIsDetectedAndRebuilt() throws IOException {
        indexed();
        byte[] bytes = Files.readAllBytes(table());
        Files.write(table(), java.util.Arrays.copyOf(bytes, bytes.length - IndexTable.ENTRY));

        assertThat(indexed()).containsExactlyElementsOf(blobs);

        assertThat(IndexTable.open(table())).get().extracting(IndexTable::entryCount).isEqualTo(3);
    }

    @Test
    void aDeletedCacheChangesNothingButReads() throws IOException {
        List<Hash> warm = indexed();
        deleteTree(dir.resolve("cache"));
        indexReads.clear();

        assertThat(indexed()).isEqualTo(warm);

        assertThat(indexReads).hasSize(3);
    }

    @Test
    void indexFilesAnotherWriterAddedAreReadBesideTheTable() throws IOException {
        indexed();
        storeBlob(open(Optional.empty())); // another host's run
        indexReads.clear();

        assertThat(indexed()).containsExactlyElementsOf(blobs);

        assertThat(indexReads).hasSize(1);
        assertThat(IndexTable.open(table()).orElseThrow().entryCount()).as("one entry beside three: rewritten")
                .isEqualTo(4);
        indexReads.clear();
        assertThat(indexed()).containsExactlyElementsOf(blobs);
        assertThat(indexReads).isEmpty();
    }

    @Test
    void aTableCoveringAnIndexFilePruneRemovedIsRebuiltWithoutItsEntries() throws IOException {
        indexed();
        Files.delete(indexFiles().get(0)); // as a prune or repair replacing it would

        assertThat(indexed()).hasSize(2);

        IndexTable table = IndexTable.open(table()).orElseThrow();
        assertThat(table.entryCount()).isEqualTo(2);
        assertThat(table.fileCount()).isEqualTo(2);
    }

    @Test
    void aMergeKeepsTheFirstEntryOfABlobAndFindsEveryOne() throws IOException {
        Map<String, Map<Hash, List<PackEntry>>> first = new LinkedHashMap<>();
        Map<String, Map<Hash, List<PackEntry>>> second = new LinkedHashMap<>();
        List<PackEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] id = new byte[Hash.LENGTH];
            random.nextBytes(id);
            entries.add(new PackEntry(Hash.fromBytes(id, 0), BlobType.DATA, 0, i * 10, 10, 10));
        }
        Hash packA = Hash.of(new byte[] {'a'});
        Hash packB = Hash.of(new byte[] {'b'});
        first.put("index/" + Hash.of(new byte[] {1}).hex(), Map.of(packA, entries.subList(0, 300)));
        second.put("index/" + Hash.of(new byte[] {2}).hex(), Map.of(packB, entries.subList(200, 500)));
        Path file = dir.resolve("t/table");
        IndexTableWriter.write(file, Optional.empty(), first);
        IndexTableWriter.write(file, IndexTable.open(file), second);

        IndexTable table = IndexTable.open(file).orElseThrow();

        assertThat(table.entryCount()).isEqualTo(500);
        assertThat(table.fileCount()).isEqualTo(2);
        for (int i = 0; i < 500; i++) {
            Index.Location location = table.find(entries.get(i).id()).orElseThrow();
            assertThat(location.entry()).isEqualTo(entries.get(i));
            assertThat(location.pack()).isEqualTo(i < 300 ? packA : packB);
        }
        assertThat(table.find(stranger)).isEmpty();
        assertThat(table.covers("index/" + Hash.of(new byte[] {2}).hex())).isTrue();
        assertThat(table.covers("index/" + Hash.of(new byte[] {3}).hex())).isFalse();
    }

    /** The blobs a writer with the cache directory finds indexed, of those stored (and one never stored). */
    private List<Hash> indexed() throws IOException {
        try (BlobWriter writer = open(Optional.of(dir.resolve("cache"))).newBlobWriter(1)) {
            assertThat(writer.indexed(stranger)).isFalse();
            return blobs.stream().filter(writer::indexed).toList();
        }
    }

    private void storeBlob(Repository repository) throws IOException {
        blobs.add(RandomBlobs.store(repository, random));
    }

    private Repository open(Optional<Path> cache) throws IOException {
        Path repo = dir.resolve("repo");
        if (!Files.exists(repo)) {
            Repository.init(new DirectoryObjectStore(repo), 4096);
            // Format 5: hex names, every run lists all (a removal leaves no trace; format 6 is IndexCursorTest's)
            OldFormat.set(new DirectoryObjectStore(repo), 5);
        }
        StoreListener listener = new StoreListener() {
            @Override
            public void requestStarted(Kind kind, String key) {
                if (kind == Kind.GET && key.startsWith("index/")) {
                    indexReads.add(key);
                }
            }
        };
        return Repository.open(new MeteredObjectStore(new DirectoryObjectStore(repo), listener), Passphrases.NONE,
                Clock.systemUTC(), cache);
    }

    private Path table() throws IOException {
        try (Stream<Path> ids = Files.list(dir.resolve("cache"))) {
            return ids.findFirst().orElseThrow().resolve("index").resolve("table");
        }
    }

    private List<Path> indexFiles() throws IOException {
        return files(dir.resolve("repo").resolve("index"));
    }

    private List<Path> cachedCopies() throws IOException {
        return files(table().getParent()).stream().filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}"))
                .toList();
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
