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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key files of one encrypted repository under {@code keys/} (docs/design.md §20.2): creates the
 * first, opens the master key with a passphrase, adds, lists and removes keys. Adding, removing or
 * changing a passphrase rewrites only key files: the data stays sealed under the same master key.
 */
public final class KeyRing {
    public static final String PREFIX = "keys/";
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Master keys this process has unwrapped, by a SHA-256 of the key file and the passphrase: a
     * long-lived process (the daemon) that opens the same repository for every job derives the
     * Argon2id key once, not per job. Memory only; the process holds the passphrase anyway.
     */
    private static final Map<String, MasterKey> UNWRAPPED = new ConcurrentHashMap<>();

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

    /** A new random master key and its first key file. */
    public Opened create(char[] passphrase, Argon2Params kdf) throws IOException {
        MasterKey master = MasterKey.random();
        return new Opened(master, add(master, passphrase, kdf));
    }

    /** Wraps {@code master} for one more passphrase; returns the new key file. */
    public KeyFile add(MasterKey master, char[] passphrase, Argon2Params kdf) throws IOException {
        KeyFile file = KeyFile.wrap(repositoryId, newId(), clock.instant().toString(), host(), master, passphrase,
                kdf);
        if (!store.putIfAbsent(PREFIX + file.id(), file.toJson())) {
            throw new IOException("key " + file.id() + " already exists in " + store.location());
        }
        return file;
    }

    /** Opens the master key with {@code passphrase}, trying every passphrase key. */
    public Opened open(char[] passphrase) throws IOException {
        List<KeyFile> keys = list();
        if (keys.isEmpty()) {
            throw new SealException("repository at " + store.location() + " is encrypted but holds no key under "
                    + PREFIX + ": it cannot be opened");
        }
        for (KeyFile key : keys) {
            String remembered = rememberedAs(key, passphrase);
            MasterKey known = UNWRAPPED.get(remembered);
            if (known != null) {
                return new Opened(known, key);
            }
        }
        for (KeyFile key : keys) {
            Optional<MasterKey> master = key.unwrap(repositoryId, passphrase);
            if (master.isPresent()) {
                if (UNWRAPPED.size() >= 64) {
                    UNWRAPPED.clear();
                }
                UNWRAPPED.put(rememberedAs(key, passphrase), master.get());
                return new Opened(master.get(), key);
            }
        }
        long kms = keys.stream().filter(k -> KeyFile.AWS_KMS.equals(k.kind())).count();
        throw new WrongKeyException("wrong passphrase: it opens none of the " + keys.size() + " keys of "
                + store.location() + (kms > 0 ? " (" + kms + " AWS KMS keys are not supported by this pilotlight)" : ""));
    }

    /** Every key file, by id. */
    public List<KeyFile> list() throws IOException {
        List<KeyFile> keys = new ArrayList<>();
        for (ObjectInfo info : store.list(PREFIX)) {
            keys.add(KeyFile.fromJson(info.key(), store.get(info.key())));
        }
        return keys;
    }

    /** Removes key {@code id}; the last key cannot be removed. */
    public KeyFile remove(String id) throws IOException {
        List<KeyFile> keys = list();
        KeyFile key = keys.stream().filter(k -> k.id().equals(id) || k.id().startsWith(id) && id.length() >= 4)
                .reduce((a, b) -> {
                    throw new IllegalArgumentException("key id '" + id + "' is ambiguous: give more digits");
                })
                .orElseThrow(() -> new IllegalArgumentException("no key '" + id + "' in " + store.location()
                        + "; its keys are " + keys.stream().map(KeyFile::id).toList()));
        if (keys.size() == 1) {
            throw new IllegalArgumentException("key " + key.id() + " is the last key of " + store.location()
                    + ": add another before removing it (without a key the repository cannot be opened)");
        }
        store.delete(PREFIX + key.id());
        return key;
    }

    /**
     * Replaces key {@code old} with one for {@code passphrase} (new salt, same cost): the new file is
     * written before the old one is removed, so a crash between leaves both.
     */
    public KeyFile change(MasterKey master, KeyFile old, char[] passphrase) throws IOException {
        KeyFile replacement = add(master, passphrase, old.kdf().resalted());
        store.delete(PREFIX + old.id());
        return replacement;
    }

    private String rememberedAs(KeyFile key, char[] passphrase) {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
        for (String part : new String[] {repositoryId, key.id(), key.wrapped(), String.valueOf(key.kdf())}) {
            sha.update(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        sha.update(java.nio.charset.StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(passphrase)));
        return HexFormat.of().formatHex(sha.digest());
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
