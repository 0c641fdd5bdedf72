package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.repo.seal.Argon2Params;
import io.pilotlight.repo.seal.KeyRing;
import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.repo.seal.WrongKeyException;
import io.pilotlight.store.InMemoryObjectStore;
import io.pilotlight.store.ObjectInfo;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An encrypted repository through the library: sealed objects, ranged reads, keyed ids, the refusals of §20.5. */
class SealedRepositoryTest {
    private static final char[] PASSPHRASE = "a passphrase".toCharArray();

    private static Repository encrypted(InMemoryObjectStore store) throws Exception {
        return Repository.init(store, 65536, Optional.of(new RepositoryKeys.NewKey(PASSPHRASE,
                Argon2Params.fresh(8 * 1024, 1))));
    }

    @Test
    void blobsRoundTripSealedAndRangedReadsOpenOnlyTheirFrames() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Repository repository = encrypted(store);
        byte[] chunk = new byte[300_000];
        new Random(4).nextBytes(chunk);
        Hash id;
        try (BlobWriter writer = repository.newBlobWriter(1)) {
            id = writer.idOf(chunk, 0, chunk.length);
            writer.add(StoredBlob.of(BlobType.DATA, id, chunk, 0, chunk.length));
            writer.finish();
        }
        assertThat(id).isNotEqualTo(Hash.of(chunk)).isEqualTo(repository.contentIds().of(chunk));
        Repository reopened = Repository.open(store, Passphrases.of(PASSPHRASE));
        assertThat(reopened.readBlobForGrainChecks(id)).isEqualTo(chunk);
        String pack = reopened.packKeyOf(id).orElseThrow();
        byte[] raw = store.get(pack);
        assertThat(new String(raw, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PLS1");
        assertThat(reopened.storedPackKeys()).containsExactly(pack);
    }

    @Test
    void twoRepositoriesNameTheSameDataDifferently() throws Exception {
        byte[] data = "the same data".getBytes();
        assertThat(encrypted(new InMemoryObjectStore()).contentIds().of(data))
                .isNotEqualTo(encrypted(new InMemoryObjectStore()).contentIds().of(data));
        assertThat(Repository.init(new InMemoryObjectStore(), 65536).contentIds().of(data)).isEqualTo(Hash.of(data));
    }

    @Test
    void withoutTheRightPassphraseItIsAWrongKeyNeverAPlainRead() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        RepoConfig config = encrypted(store).config();
        assertThat(config.encrypted()).isTrue();
        assertThat(config.format()).isEqualTo(6);
        assertThatThrownBy(() -> Repository.open(store)).isInstanceOf(WrongKeyException.class)
                .hasMessageContaining("is encrypted: give its passphrase");
        assertThatThrownBy(() -> Repository.open(store, Passphrases.of("wrong".toCharArray())))
                .isInstanceOf(WrongKeyException.class).hasMessageStartingWith("wrong passphrase: it opens none of the 1")
                .hasMessageNotContaining("wrong\"");

        RepoConfig plain = new RepoConfig(config.format(), config.id(), config.created(), config.grainSize(),
                config.chunkGrains(), config.segmentGrains(), config.packTargetBytes(), "zstd", RepoConfig.PLAIN, null);
        store.put("config", Envelope.seal(Envelope.Type.CONFIG, plain.toJson(), false));
        assertThatThrownBy(() -> Repository.open(store)).isInstanceOf(RepositoryException.class)
                .hasMessageContaining("holds key files under keys/: refusing to read it as plain");
        for (ObjectInfo key : store.list(KeyRing.PREFIX)) {
            store.delete(key.key());
        }
        assertThatThrownBy(() -> Repository.open(store, Passphrases.of(PASSPHRASE)))
                .isInstanceOf(RepositoryException.class).hasMessageContaining("a passphrase was given");
    }

    @Test
    void keysRotateWithoutTouchingData() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Repository repository = encrypted(store);
        store.put("points/d/x", new byte[0]); // stands for every sealed object: its bytes must not change
        java.util.Map<String, byte[]> before = new java.util.TreeMap<>();
        for (ObjectInfo info : store.list("")) {
            if (!info.key().startsWith(KeyRing.PREFIX)) {
                before.put(info.key(), store.get(info.key()));
            }
        }
        RepositoryKeys keys = repository.keys().orElseThrow();
        String first = keys.current().id();
        keys.add(new RepositoryKeys.NewKey("second".toCharArray(), Argon2Params.fresh(8 * 1024, 1)));
        keys.remove(first);
        RepositoryKeys reopened = Repository.open(store, Passphrases.of("second".toCharArray())).keys().orElseThrow();
        assertThatThrownBy(() -> reopened.remove(reopened.current().id())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is the last key");
        assertThatThrownBy(() -> Repository.open(store, Passphrases.of(PASSPHRASE))).isInstanceOf(WrongKeyException.class);
        reopened.changePassphrase("third".toCharArray());
        assertThat(Repository.open(store, Passphrases.of("third".toCharArray())).keys().orElseThrow().list()).hasSize(1);
        for (var entry : before.entrySet()) {
            assertThat(store.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }
}
