package io.pilotlight.repo;

import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
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
 * object's body when it still parses, else is new (and followers then need {@code --force}).
 * The one write is an atomic replace of {@code config}.
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
        if (!store.list(io.pilotlight.repo.seal.KeyRing.PREFIX).isEmpty()) {
            throw new RepositoryException(RepositoryException.Kind.UNSUPPORTED, "repository at " + store.location()
                    + " holds key files (it is encrypted): its config cannot be rebuilt from its sealed points here;"
                    + " restore the config object from a copy");
        }
        List<String> actions = new ArrayList<>();
        actions.add(object.isPresent() ? "config is damaged and is rewritten" : "config is missing and is written");
        Optional<RepoConfig> salvaged = object.flatMap(ConfigRepair::salvage);
        Manifest newest = newestManifest(store);
        String chosen = id.map(ConfigRepair::checkId).or(() -> salvaged.map(RepoConfig::id))
                .orElseGet(() -> UUID.randomUUID().toString());
        if (id.isEmpty() && salvaged.isEmpty()) {
            actions.add("the repository id is new (" + chosen + "): give the old one with --id to keep followers and"
                    + " overlays working, or take their images over with follow --force");
        }
        RepoConfig created = RepoConfig.create(newest.grainSize());
        RepoConfig config = new RepoConfig(RepoConfig.FORMAT, chosen,
                salvaged.map(RepoConfig::created).orElse(Instant.now().toString()), newest.grainSize(),
                created.chunkGrains(), newest.segmentGrains(), created.packTargetBytes(), "zstd", "none",
                salvaged.flatMap(RepoConfig::lock).orElse(null));
        actions.add("config: id " + chosen + ", grain size " + config.grainSize() + ", segment grains "
                + config.segmentGrains() + " (from point " + newest.disk() + "/" + newest.id() + ")");
        if (!dryRun) {
            store.put(key, Envelope.seal(Envelope.Type.CONFIG, config.toJson(), false));
        }
        return new Result(dryRun, actions, Optional.of(config));
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
