package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import io.pilotlight.repo.seal.Argon2Params;
import io.pilotlight.repo.seal.KeyFile;
import io.pilotlight.repo.seal.KeyRing;
import io.pilotlight.repo.seal.MasterKey;
import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The keys of an open encrypted repository (docs/design.md §20.2): the master key it was opened
 * with, the key file that opened it, and {@code key list | add | remove | passwd}. None of these
 * re-encrypts data: only key files change.
 */
public final class RepositoryKeys {
    /** A passphrase for a new key and the Argon2id cost to derive its key-encryption key with. */
    public record NewKey(char[] passphrase, Argon2Params kdf) {
        public NewKey {
            requireNonNull(passphrase, "passphrase is null");
            requireNonNull(kdf, "kdf is null");
            if (passphrase.length == 0) {
                throw new IllegalArgumentException("the passphrase is empty: give one of at least one character");
            }
        }

        @Override
        public String toString() {
            return "NewKey[" + kdf.summary() + "]";
        }
    }

    private final KeyRing ring;
    private final MasterKey master;
    private volatile KeyFile opener;

    private RepositoryKeys(KeyRing ring, KeyRing.Opened opened) {
        this.ring = ring;
        this.master = opened.master();
        this.opener = opened.key();
    }

    static RepositoryKeys create(ObjectStore store, String repositoryId, NewKey key) throws IOException {
        KeyRing ring = new KeyRing(store, repositoryId, Clock.systemUTC());
        return new RepositoryKeys(ring, ring.create(key.passphrase(), key.kdf()));
    }

    static RepositoryKeys open(ObjectStore store, String repositoryId, Passphrases passphrases) throws IOException {
        KeyRing ring = new KeyRing(store, repositoryId, Clock.systemUTC());
        return new RepositoryKeys(ring, ring.open(passphrases.passphrase("repository " + store.location())));
    }

    MasterKey master() {
        return master;
    }

    /** The key file the repository was opened with. */
    public KeyFile current() {
        return opener;
    }

    public List<KeyFile> list() throws IOException {
        return ring.list();
    }

    /** Adds a key for another passphrase. */
    public KeyFile add(NewKey key) throws IOException {
        return ring.add(master, key.passphrase(), key.kdf());
    }

    /** Removes a key by id (or a unique prefix of 4 or more digits); never the last one. */
    public KeyFile remove(String id) throws IOException {
        return ring.remove(id);
    }

    /** Changes the passphrase of the key the repository was opened with; returns the new key file. */
    public KeyFile changePassphrase(char[] passphrase) throws IOException {
        KeyFile replacement = ring.change(master, opener, passphrase);
        opener = replacement;
        return replacement;
    }
}
