package io.pilotlight.repo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The repository's fixed parameters, written once by {@code init} as the {@code config} object.
 *
 * @param format the format version (docs/design.md)
 * @param chunkGrains most grains in one chunk
 * @param segmentGrains grains mapped by one segment
 * @param packTargetBytes size at which a pack is closed
 * @param encryption {@code none}, or {@code aes-256-gcm}: every object but config and the key files is
 *     sealed, content ids are keyed (docs/design.md §20)
 * @param objectLock the Object Lock every writer applies (§21), or null: none
 */
public record RepoConfig(int format, String id, String created, int grainSize, int chunkGrains, int segmentGrains,
        int packTargetBytes, String compression, String encryption,
        @JsonInclude(JsonInclude.Include.NON_NULL) ObjectLock objectLock) {

    /**
     * The format new repositories get. Version 2 added group points, version 3 prune plans that
     * every writer honours (docs/design.md §16.5), version 4 drill records (§17); it reads versions 1 to 3
     * too, and stores drill records in them as well. Version 5 added encryption (§20): a plain
     * repository at version 5 is laid out as at 4; an encrypted one needs 5, and so does the
     * {@code objectLock} of immutable points (§21), which an older reader would ignore. Version 6
     * names index files by time and has files that replace others name them (§5, §15a): a version 5
     * repository is read and written as before (hex names) until its first prune raises it.
     */
    public static final int FORMAT = 6;
    public static final String PLAIN = "none";
    public static final String AES_256_GCM = "aes-256-gcm";
    /** The first format whose index files are time-named and name what they supersede (§5, §15a). */
    public static final int SUPERSEDING_INDEX_SINCE = 6;

    /** The first format with encryption: an encrypted repository is never older. */
    static final int ENCRYPTED_SINCE = 5;
    private static final int OLDEST_READABLE = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RepoConfig {
        if (Integer.bitCount(grainSize) != 1 || grainSize < 4096 || grainSize > (1 << 20)) {
            throw new IllegalArgumentException("grain size " + grainSize
                    + " is invalid: it must be a power of two from 4 KiB to 1 MiB");
        }
        if (chunkGrains < 1 || (long) chunkGrains * grainSize > (8 << 20) || segmentGrains < chunkGrains
                || segmentGrains % chunkGrains != 0 || packTargetBytes < 1) {
            throw new IllegalArgumentException("chunk grains " + chunkGrains + ", segment grains " + segmentGrains
                    + " and pack size " + packTargetBytes + " must be positive, chunks at most 8 MiB, and a segment a whole number of chunks");
        }
    }

    /** A new repository's config: chunks of ~1 MiB, segments of 16 Ki grains, packs of 16 MiB. */
    public static RepoConfig create(int grainSize) {
        return create(grainSize, false, Optional.empty());
    }

    /** The same, encrypted or not, with points kept under {@code lock} (§21) if given. */
    public static RepoConfig create(int grainSize, boolean encrypted, Optional<ObjectLock> lock) {
        int chunkGrains = Math.max(1, (1 << 20) / grainSize);
        return new RepoConfig(FORMAT, UUID.randomUUID().toString(), Instant.now().toString(), grainSize, chunkGrains,
                16384, 16 << 20, "zstd", encrypted ? AES_256_GCM : PLAIN, lock.orElse(null));
    }

    /** Whether objects are sealed (docs/design.md §20). */
    @JsonIgnore
    public boolean encrypted() {
        return AES_256_GCM.equals(encryption);
    }

    /** The Object Lock every writer applies, if the repository has one (§21). */
    public Optional<ObjectLock> lock() {
        return Optional.ofNullable(objectLock);
    }

    /** The same config at the current {@link #FORMAT}: the one rewrite of {@code config} prune makes. */
    RepoConfig upgraded() {
        return new RepoConfig(FORMAT, id, created, grainSize, chunkGrains, segmentGrains, packTargetBytes, compression,
                encryption, objectLock);
    }

    public Instant createdAt() {
        return Instant.parse(created);
    }

    byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("config cannot be written as JSON", e);
        }
    }

    static RepoConfig fromJson(String key, byte[] json) throws IOException {
        RepoConfig config;
        try {
            config = JSON.readValue(json, RepoConfig.class);
        } catch (IOException | RuntimeException e) {
            throw new CorruptObjectException(key + ": config is not valid (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
        if (config.id() == null) {
            throw new CorruptObjectException(key + ": config has no id");
        }
        Manifest.checkInstant(key, "created", config.created());
        if (config.format() < OLDEST_READABLE || config.format() > FORMAT) {
            throw new RepositoryException(RepositoryException.Kind.UNSUPPORTED, "repository format "
                    + config.format() + " is not supported by this pilotlight (it reads formats "
                    + OLDEST_READABLE + " to " + FORMAT + ")");
        }
        if (!PLAIN.equals(config.encryption()) && !AES_256_GCM.equals(config.encryption())
                || !"zstd".equals(config.compression())) {
            throw new RepositoryException(RepositoryException.Kind.UNSUPPORTED, "repository uses encryption '"
                    + config.encryption() + "' and compression '" + config.compression()
                    + "'; this pilotlight supports encryption none or " + AES_256_GCM + ", and compression zstd");
        }
        if (config.encrypted() && config.format() < ENCRYPTED_SINCE) {
            throw new CorruptObjectException(key + ": config says " + AES_256_GCM + " at format " + config.format()
                    + ", but encryption needs format " + ENCRYPTED_SINCE + " or later");
        }
        return config;
    }
}
