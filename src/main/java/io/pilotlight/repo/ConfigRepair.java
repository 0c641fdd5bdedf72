package io.pilotlight.repo;

import io.pilotlight.repo.seal.KeyRing;
import io.pilotlight.repo.seal.ObjectSeal;
import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.repo.seal.WrongKeyException;
import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectRetention;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code repair config} (docs/design.md §18.4): rewrites a damaged or missing {@code config} from
 * what the repository still says. The grain and segment sizes come from the newest readable
 * manifest (every point records them), the chunk and pack sizes are those {@code init} gives; the id
 * (which follow state files and overlays name) comes from {@code --id}, else from the damaged
 * object's body when it still parses, else is new (and followers then need {@code --force}); an
 * encrypted repository's points are read with its key files, its id and the passphrase. The Object
 * Lock is kept (given, salvaged, or learned from the newest point's retention). The one write is an
 * atomic replace of {@code config}, under the lock's retention when there is one.
 */
public final class ConfigRepair {
    /** What the repair found and did (or would do). */
    public record Result(boolean dryRun, List<String> actions, Optional<RepoConfig> config) {
        public Result {
            actions = List.copyOf(actions);
        }
    }

    private static final Pattern UUID_RULE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private ConfigRepair() {}

    public static Result run(ObjectStore store, Optional<String> id, boolean dryRun) throws IOException {
        return run(store, id, Passphrases.NONE, Optional.empty(), dryRun);
    }

    /**
     * Rewrites a damaged or missing config. An encrypted repository (key files under {@code keys/}) is
     * opened with {@code passphrases} and the id ({@code --id}, else the damaged object's): the points
     * are read through the seal. The Object Lock is {@code lock} when given, else the damaged object's,
     * else learned from the newest point's retention; a locked config is written under it (§18.4).
     */
    public static Result run(ObjectStore store, Optional<String> id, Passphrases passphrases, Optional<ObjectLock> lock,
            boolean dryRun) throws IOException {
        String key = RepositoryLayout.CONFIG;
        Optional<byte[]> object = read(store, key);
        if (object.isPresent()) {
            try {
                RepoConfig.fromJson(key, Envelope.open(Envelope.Type.CONFIG, key, object.get()));
                return new Result(dryRun, List.of(), Optional.empty());
            } catch (CorruptObjectException e) {
                // damaged: rebuilt below
            }
        }
        if (lock.isPresent() && !store.supportsRetention()) {
            throw new IllegalArgumentException("--lock-days needs an S3 bucket with Object Lock enabled; "
                    + store.location() + " cannot lock objects");
        }
        List<String> actions = new ArrayList<>();
        actions.add(object.isPresent() ? "config is damaged and is rewritten" : "config is missing and is written");
        Optional<RepoConfig> salvaged = object.flatMap(ConfigRepair::salvage);
        boolean encrypted = !store.list(KeyRing.PREFIX).isEmpty();
        String chosen = chooseId(store, id, salvaged, encrypted, actions);
        ObjectStore points = encrypted ? unsealed(store, chosen, passphrases) : store;
        Manifest newest = newestManifest(points);
        Optional<ObjectLock> objectLock = lock.or(() -> salvaged.flatMap(RepoConfig::lock));
        if (objectLock.isEmpty() && store.supportsRetention()) {
            objectLock = learnLock(store, newest, actions);
        }
        RepoConfig created = RepoConfig.create(newest.grainSize());
        RepoConfig config = new RepoConfig(RepoConfig.FORMAT, chosen,
                salvaged.map(RepoConfig::created).orElse(Instant.now().toString()), newest.grainSize(),
                created.chunkGrains(), newest.segmentGrains(), created.packTargetBytes(), "zstd",
                encrypted ? RepoConfig.AES_256_GCM : RepoConfig.PLAIN, objectLock.orElse(null));
        actions.add("config: id " + chosen + ", grain size " + config.grainSize() + ", segment grains "
                + config.segmentGrains() + " (from point " + newest.disk() + "/" + newest.id() + ")"
                + (encrypted ? ", encrypted" : "") + config.lock().map(l -> ", Object Lock " + l.mode() + " "
                        + l.days() + " days").orElse(""));
        if (!dryRun) {
            write(store, config);
        }
        return new Result(dryRun, actions, Optional.of(config));
    }

    /** An atomic replace of {@code config}; a locked repository's under the lock's retention from now (§21.2). */
    private static void write(ObjectStore store, RepoConfig config) throws IOException {
        byte[] bytes = Envelope.seal(Envelope.Type.CONFIG, config.toJson(), false);
        if (config.lock().isPresent()) {
            store.putRetained(RepositoryLayout.CONFIG, bytes, config.lock().get().from(Instant.now()));
        } else {
            store.put(RepositoryLayout.CONFIG, bytes);
        }
    }

    private static String chooseId(ObjectStore store, Optional<String> id, Optional<RepoConfig> salvaged,
            boolean encrypted, List<String> actions) {
        Optional<String> known = id.map(ConfigRepair::checkId).or(() -> salvaged.map(RepoConfig::id));
        if (known.isPresent()) {
            return known.get();
        }
        if (encrypted) {
            throw new IllegalArgumentException("repository at " + store.location() + " is encrypted: its key files"
                    + " open only with its id, so give it with --id (init printed it; a follow state file names it as"
                    + " repository)");
        }
        String chosen = UUID.randomUUID().toString();
        actions.add("the repository id is new (" + chosen + "): give the old one with --id to keep followers and"
                + " overlays working, or take their images over with follow --force");
        return chosen;
    }

    /** The store as the repository's points read: opened with the key files, the id and the passphrase. */
    private static ObjectStore unsealed(ObjectStore store, String id, Passphrases passphrases) throws IOException {
        RepositoryKeys keys;
        try {
            keys = RepositoryKeys.open(store, id, passphrases);
        } catch (WrongKeyException e) {
            throw new WrongKeyException(e.getMessage() + " (with repository id " + id + ": a key file opens only with"
                    + " its own repository's id; check --id too)");
        }
        return new SealedObjectStore(store, new ObjectSeal(keys.master()));
    }

    /**
     * The Object Lock the newest point was written under: its manifest's retention ends the lock's days
     * (and the run's length, under a day) after the point's creation (§21.2); empty when it has none.
     */
    private static Optional<ObjectLock> learnLock(ObjectStore store, Manifest newest, List<String> actions)
            throws IOException {
        String key = RepositoryLayout.pointKey(newest.disk(), newest.id());
        Optional<ObjectRetention> retention = store.retention(key);
        long days = retention.map(r -> Duration.between(Instant.parse(newest.created()), r.until()).toDays()).orElse(0L);
        if (retention.isEmpty() || days < 1 || days > ObjectLock.MAX_DAYS) {
            actions.add("no Object Lock: point " + newest.disk() + "/" + newest.id() + " has " + retention.map(r ->
                    "a retention until " + r.until()).orElse("no retention") + " (give --lock-days N and --lock-mode"
                    + " if the repository's points are locked)");
            return Optional.empty();
        }
        ObjectLock learned = new ObjectLock(retention.get().mode().name().toLowerCase(Locale.ROOT), (int) days);
        actions.add("Object Lock " + learned.mode() + " " + learned.days() + " days, learned from the retention of point "
                + newest.disk() + "/" + newest.id() + " (until " + retention.get().until() + ")");
        return Optional.of(learned);
    }

    private static Optional<byte[]> read(ObjectStore store, String key) throws IOException {
        try {
            return Optional.of(store.get(key));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    /** The damaged object's config, when its uncompressed body still parses (only its id and time are used). */
    private static Optional<RepoConfig> salvage(byte[] object) {
        try {
            ByteBuffer in = ByteBuffer.wrap(object);
            int length = in.getInt(8);
            if (object[5] != 0 || length < 0 || Envelope.HEADER + (long) length > object.length) {
                return Optional.empty();
            }
            byte[] body = java.util.Arrays.copyOfRange(object, Envelope.HEADER, Envelope.HEADER + length);
            RepoConfig config = RepoConfig.fromJson(RepositoryLayout.CONFIG, body);
            return UUID_RULE.matcher(config.id()).matches() ? Optional.of(config) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The newest readable manifest of any disk: it records the grain and segment sizes. */
    private static Manifest newestManifest(ObjectStore store) throws IOException {
        PointCatalog catalog = new PointCatalog(store);
        Manifest newest = null;
        for (String disk : catalog.disks()) {
            for (Manifest manifest : catalog.readableManifests(disk).read()) {
                if (newest == null || manifest.created().compareTo(newest.created()) > 0) {
                    newest = manifest;
                }
            }
        }
        if (newest == null) {
            throw new RepositoryException(RepositoryException.Kind.NOT_FOUND, "config cannot be rebuilt: "
                    + store.location() + " holds no readable restore point to take the grain size from");
        }
        return newest;
    }

    private static String checkId(String id) {
        if (!UUID_RULE.matcher(id).matches()) {
            throw new IllegalArgumentException("repository id '" + id + "' is not a UUID (init printed it, e.g."
                    + " 3f2b…-…; a follow state file names it as repository)");
        }
        return id;
    }
}
