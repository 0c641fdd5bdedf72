package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.store.InMemoryObjectStore;
import io.pilotlight.store.ObjectInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading blobs through the index: single reads, batches, segments, and index files written later. */
class BlobReaderTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();

    @Test
    void aBlobIsReadBackSingleOrInABatch() throws Exception {
        Repository repository = Repository.init(store, 65536);
        Hash a = write(repository, "chunk a");
        Hash b = write(repository, "chunk b");
        assertThat(new BlobReader(store, new IndexReader(store), 16).readBlob(a)).isEqualTo(bytes("chunk a"));
        assertThat(repository.readBlobForGrainChecks(b)).isEqualTo(bytes("chunk b"));
        List<BlobBatch> batches = repository.batches(List.of(a, b, a), 1 << 20);
        assertThat(batches).hasSize(2);
        for (BlobBatch batch : batches) {
            Map<Hash, ByteBuffer> plain = repository.readBatchForGrainChecks(batch);
            assertThat(plain).containsOnlyKeys(batch.ids());
        }
        assertThat(repository.indexedBlobCount()).isEqualTo(2);
        assertThat(repository.packKeyOf(a)).hasValueSatisfying(key -> assertThat(key).startsWith("data/"));
        assertThat(repository.storedPackKeys()).containsExactlyInAnyOrder(repository.packKeyOf(a).orElseThrow(),
                repository.packKeyOf(b).orElseThrow());
        assertThat(repository.packInventory().sizes()).containsOnlyKeys(repository.storedPackKeys());
        assertThat(repository.packInventory().check(bytes -> { })).isEmpty();
    }

    @Test
    void aReaderFindsABlobIndexedAfterItOpened() throws Exception {
        Repository.init(store, 65536);
        Repository reader = Repository.open(store);
        Hash first = write(Repository.open(store), "first");
        assertThat(reader.readBlobForGrainChecks(first)).isEqualTo(bytes("first"));
        Hash later = write(Repository.open(store), "later");
        assertThat(reader.batches(List.of(later), 1 << 20)).singleElement()
                .satisfies(batch -> assertThat(batch.ids()).containsExactly(later));
        assertThat(reader.readBlobForGrainChecks(later)).isEqualTo(bytes("later"));
    }

    @Test
    void aMissingBlobOrPackIsNamed() throws Exception {
        Repository repository = Repository.init(store, 65536);
        Hash absent = Hash.of(bytes("absent"));
        assertThatThrownBy(() -> repository.readBlobForGrainChecks(absent)).isInstanceOf(CorruptObjectException.class)
                .hasMessage("blob " + absent.shortHex() + " is in no index (missing from the repository)");
        Hash stored = write(repository, "stored");
        List<BlobBatch> batches = repository.batches(List.of(stored), 1 << 20);
        String pack = repository.packKeyOf(stored).orElseThrow();
        store.delete(pack);
        assertThatThrownBy(() -> repository.readBlobForGrainChecks(stored)).isInstanceOf(CorruptObjectException.class)
                .hasMessage("pack " + pack + " holding blob " + stored.shortHex() + " is missing");
        assertThatThrownBy(() -> repository.readBatchForGrainChecks(batches.get(0)))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessage("pack " + pack + " holding blob " + stored.shortHex() + " is missing");
    }

    @Test
    void aSegmentItCannotReadIsNamedByPoint() throws Exception {
        Repository repository = Repository.init(store, 65536);
        Hash segment = Hash.of(bytes("no such segment"));
        Manifest manifest = new Manifest(1, "d1", "20260101-000000000-aaaa", null, "2026-01-01T00:00:00Z", 65536,
                65536, 16384, List.of(segment.hex()), Hash.of(bytes("digest")).hex(), "test", "hash-compare", true,
                new Manifest.Stats(0, 0, 0, 0, 0, 0, 0), List.of());
        assertThatThrownBy(() -> repository.readSegment(manifest, 0)).isInstanceOf(CorruptObjectException.class)
                .hasMessage("segment 0 (" + segment.shortHex() + ") of d1/20260101-000000000-aaaa: blob "
                        + segment.shortHex() + " is in no index (missing from the repository)");
        Segment zeros = Segment.zeros(1);
        Hash written = write(repository, zeros.encode());
        Manifest real = new Manifest(1, "d1", "20260101-000000000-aaaa", null, "2026-01-01T00:00:00Z", 65536, 65536,
                16384, List.of(written.hex()), Hash.of(bytes("digest")).hex(), "test", "hash-compare", true,
                new Manifest.Stats(0, 0, 0, 0, 0, 0, 0), List.of());
        assertThat(repository.readSegment(real, 0).isZero(0)).isTrue();
    }

    @Test
    void indexFilesAreListedUnderIndex() throws Exception {
        Repository repository = Repository.init(store, 65536);
        write(repository, "one");
        assertThat(store.list("index/")).extracting(ObjectInfo::key).singleElement()
                .satisfies(key -> assertThat(key).matches("index/t[0-9]{17}-[0-9a-f]{64}"));
        assertThat(store.list("data/")).extracting(ObjectInfo::key).singleElement()
                .satisfies(key -> assertThat(key).matches("data/([0-9a-f]{2})/\\1[0-9a-f]{62}"));
    }

    private static Hash write(Repository repository, String text) throws Exception {
        return write(repository, bytes(text));
    }

    private static Hash write(Repository repository, byte[] plain) throws Exception {
        StoredBlob blob = StoredBlob.of(BlobType.DATA, plain, 0, plain.length);
        try (BlobWriter writer = repository.newBlobWriter(1)) {
            writer.add(blob);
            writer.finish();
        }
        return blob.id();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
