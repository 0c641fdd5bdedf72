package io.pilotlight.repo.seal;

import static java.util.Objects.requireNonNull;

import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The key files of one encrypted repository under {@code keys/} (docs/design.md §20.2): creates the
 * first, opens the master key (with a passphrase, or with AWS KMS when no passphrase is given), adds,
 * lists and removes keys. Adding, removing or changing a key rewrites only key files: the data stays
 * sealed under the same master key. A damaged key file is reported as damaged, never as a wrong
 * passphrase, and does not keep the other keys from opening the repository.
 */
public final class KeyRing {
    public static final String PREFIX = "keys/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectStore store;
    private final String repositoryId;
    private final Clock clock;

    public KeyRing(ObjectStore store, String repositoryId, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.repositoryId = requireNonNull(repositoryId, "repositoryId is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The master key and the key file that opened it. */
    public record Opened(MasterKey master, KeyFile key) {}

    /** The key files under {@code keys/}: those that read whole, and each damaged one's failure. */
    public record Keys(List<KeyFile> intact, List<DamagedKeyFileException> damaged) {
        public Keys {
            intact = List.copyOf(intact);
            damaged = List.copyOf(damaged);
        }

        Stream<KeyFile> ofKind(String kind) {
            return intact.stream().filter(key -> key.kind().equals(kind));
        }
    }

    /** A new random master key and its first key file, for a passphrase. */
    public Opened create(char[] passphrase, Argon2Params kdf) throws IOException {
        MasterKey master = MasterKey.random();
        return new Opened(master, add(master, passphrase, kdf));
    }

    /** A new random master key and its first key file, wrapped by the AWS KMS key {@code kmsKey}. */
    public Opened create(Kms kms, String kmsKey) throws IOException {
        MasterKey master = MasterKey.random();
        return new Opened(master, add(master, kms, kmsKey));
    }

    /** Wraps {@code master} for one more passphrase; returns the new key file. */
    public KeyFile add(MasterKey master, char[] passphrase, Argon2Params kdf) throws IOException {
        return store(KeyFile.wrap(repositoryId, newId(), clock.instant().toString(), host(), master, passphrase, kdf));
    }

    /** Wraps {@code master} with one more AWS KMS key (a key or alias ARN); returns the new key file. */
    public KeyFile add(MasterKey master, Kms kms, String kmsKey) throws IOException {
        return store(KeyFile.wrap(repositoryId, newId(), clock.instant().toString(), host(), master, kms, kmsKey));
    }

    private KeyFile store(KeyFile file) throws IOException {
        if (!store.putIfAbsent(PREFIX + file.id(), file.toJson())) {
            throw new IOException("key " + file.id() + " already exists in " + store.location());
        }
        return file;
    }

    /** Opens the master key as {@link KeyOpening} says: a named KMS key, a named passphrase, else KMS then a prompt. */
    public Opened open(Passphrases passphrases) throws IOException {
        Keys keys = read();
        if (keys.intact().isEmpty()) {
            if (!keys.damaged().isEmpty()) {
                throw keys.damaged().get(0);
            }
            throw new SealException("repository at " + store.location() + " is encrypted but holds no key under "
                    + PREFIX + ": it cannot be opened (in an Object Lock bucket, pilotlight repair delete-markers names"
                    + " key files hidden by a delete marker, and its --keys brings them back)");
        }
        return new KeyOpening(keys, repositoryId, store.location()).open(passphrases);
    }

    /** Every key file that reads whole, by id. */
    public List<KeyFile> list() throws IOException {
        return read().intact();
    }

    /** Every key file, intact or damaged. */
    public Keys read() throws IOException {
        List<KeyFile> intact = new ArrayList<>();
        List<DamagedKeyFileException> damaged = new ArrayList<>();
        for (ObjectInfo info : store.list(PREFIX)) {
            try {
                intact.add(KeyFile.fromJson(info.key(), store.get(info.key())));
            } catch (DamagedKeyFileException e) {
                damaged.add(e);
            }
        }
        return new Keys(intact, damaged);
    }

    /**
     * Removes key {@code id} (or a unique prefix of 4 or more digits), a damaged one too; the last
     * intact key cannot be removed. Returns the id removed. In a locked repository (§21) the delete
     * only hides the key file behind a delete marker; its locked version stays until its lock ends.
     */
    public String remove(String id) throws IOException {
        String match = match(id);
        store.delete(PREFIX + match);
        return match;
    }

    /**
     * The id of the key {@link #remove} would remove for {@code id} (or a unique prefix of 4 or more
     * digits); refused as {@code remove} refuses it, for an unknown or ambiguous id or the last intact key.
     */
    public String match(String id) throws IOException {
        Keys keys = read();
        List<String> ids = store.list(PREFIX).stream().map(info -> info.key().substring(PREFIX.length())).toList();
        String match = ids.stream().filter(k -> k.equals(id) || k.startsWith(id) && id.length() >= 4)
                .reduce((a, b) -> {
                    throw new IllegalArgumentException("key id '" + id + "' is ambiguous: give more digits");
                })
                .orElseThrow(() -> new IllegalArgumentException("no key '" + id + "' in " + store.location()
                        + "; its keys are " + ids));
        if (keys.intact().size() == 1 && keys.intact().get(0).id().equals(match)) {
            throw new IllegalArgumentException("key " + match + " is the last key of " + store.location()
                    + ": add another before removing it (without a key the repository cannot be opened)");
        }
        return match;
    }

    /**
     * Replaces passphrase key {@code old} with one for {@code passphrase} (new salt, same cost): the
     * new file is written before the old one is removed, so a crash between leaves both.
     */
    public KeyFile change(MasterKey master, KeyFile old, char[] passphrase) throws IOException {
        if (!KeyFile.PASSPHRASE.equals(old.kind())) {
            throw new IllegalArgumentException(old.describe() + " has no passphrase to change: the repository was"
                    + " opened with it; open it with a passphrase key (PILOTLIGHT_PASSWORD_FILE) to change that one");
        }
        KeyFile replacement = add(master, passphrase, old.kdf().resalted());
        store.delete(PREFIX + old.id());
        return replacement;
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
