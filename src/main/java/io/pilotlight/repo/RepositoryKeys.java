package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import io.pilotlight.repo.seal.Argon2Params;
import io.pilotlight.repo.seal.KeyFile;
import io.pilotlight.repo.seal.KeyRing;
import io.pilotlight.repo.seal.Kms;
import io.pilotlight.repo.seal.MasterKey;
import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The keys of an open encrypted repository (docs/design.md §20.2): the master key it was opened
 * with, the key file that opened it, and {@code key list | add | remove | passwd}. None of these
 * re-encrypts data: only key files change.
 */
public final class RepositoryKeys {
    /**
     * A new key: a passphrase and the Argon2id cost to derive its key-encryption key with, or an AWS
     * KMS key (a key or alias ARN) and the client to wrap the master key with.
     */
    public record NewKey(char[] passphrase, Argon2Params kdf, String kmsKey, Kms kms) {
        public NewKey {
            if (kmsKey == null) {
                requireNonNull(passphrase, "passphrase is null");
                requireNonNull(kdf, "kdf is null");
                if (passphrase.length == 0) {
                    throw new IllegalArgumentException("the passphrase is empty: give one of at least one character");
                }
            } else {
                requireNonNull(kms, "kms is null");
                if (passphrase != null || kdf != null) {
                    throw new IllegalArgumentException("a new key is a passphrase or an AWS KMS key, not both");
                }
            }
        }

        public NewKey(char[] passphrase, Argon2Params kdf) {
            this(passphrase, kdf, null, null);
        }

        /** A key wrapped by the AWS KMS key {@code kmsKey} through {@code kms}. */
        public static NewKey awsKms(String kmsKey, Kms kms) {
            return new NewKey(null, null, requireNonNull(kmsKey, "kmsKey is null"), kms);
        }

        @Override
        public String toString() {
            return kmsKey != null ? "NewKey[aws-kms " + kmsKey + "]" : "NewKey[" + kdf.summary() + "]";
        }
    }

    /**
     * A removed (or replaced) key: its id and, in a locked repository (§21.2), when the version of its
     * file that the delete only hid unlocks (until then the bucket keeps it, readable by whoever may
     * read old versions).
     */
    public record Removal(String id, Optional<Instant> lockedUntil) {
        public Removal {
            requireNonNull(id, "id is null");
            requireNonNull(lockedUntil, "lockedUntil is null");
        }
    }

    private final ObjectStore store;
    private final KeyRing ring;
    private final MasterKey master;
    private volatile KeyFile opener;

    private RepositoryKeys(ObjectStore store, KeyRing ring, KeyRing.Opened opened) {
        this.store = store;
        this.ring = ring;
        this.master = opened.master();
        this.opener = opened.key();
    }

    static RepositoryKeys create(ObjectStore store, String repositoryId, NewKey key) throws IOException {
        KeyRing ring = new KeyRing(store, repositoryId, Clock.systemUTC());
        return new RepositoryKeys(store, ring, key.kmsKey() != null ? ring.create(key.kms(), key.kmsKey())
                : ring.create(key.passphrase(), key.kdf()));
    }

    static RepositoryKeys open(ObjectStore store, String repositoryId, Passphrases passphrases) throws IOException {
        KeyRing ring = new KeyRing(store, repositoryId, Clock.systemUTC());
        return new RepositoryKeys(store, ring, ring.open(passphrases));
    }

    MasterKey master() {
        return master;
    }

    /** The key file the repository was opened with. */
    public KeyFile current() {
        return opener;
    }

    /** The key files that read whole. */
    public List<KeyFile> list() throws IOException {
        return ring.list();
    }

    /** Every key file: those that read whole, and each damaged one's failure. */
    public KeyRing.Keys read() throws IOException {
        return ring.read();
    }

    /** Adds a key for another passphrase or AWS KMS key. */
    public KeyFile add(NewKey key) throws IOException {
        return key.kmsKey() != null ? ring.add(master, key.kms(), key.kmsKey())
                : ring.add(master, key.passphrase(), key.kdf());
    }

    /** Removes a key by id (or a unique prefix of 4 or more digits), damaged or not; never the last intact one. */
    public Removal remove(String id) throws IOException {
        String match = ring.match(id);
        Optional<Instant> locked = lockedUntil(match);
        return new Removal(ring.remove(match), locked);
    }

    /**
     * Changes the passphrase of the key the repository was opened with; returns the new key file. The
     * old one is removed as by {@link #remove}: see {@link #lockedUntil} for what stays of it.
     */
    public KeyFile changePassphrase(char[] passphrase) throws IOException {
        KeyFile replacement = ring.change(master, opener, passphrase);
        opener = replacement;
        return replacement;
    }

    /**
     * When the file of key {@code id} unlocks, if it is under Object Lock now (§21.2); empty in a
     * repository that is not locked. Removing a locked key file only hides it (§20.2).
     */
    public Optional<Instant> lockedUntil(String id) throws IOException {
        if (!store.supportsRetention()) {
            return Optional.empty();
        }
        try {
            Instant now = Clock.systemUTC().instant();
            return store.retention(KeyRing.PREFIX + id).filter(r -> r.lockedAt(now)).map(r -> r.until());
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }
}
