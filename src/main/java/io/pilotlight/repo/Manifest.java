package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A restore point of one disk: the JSON payload of {@code points/<disk>/<id>} (docs/design.md,
 * "Manifests"). Lists the segment blobs that map the disk, in order, and the image digest.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Manifest(
        int format,
        String disk,
        String id,
        String parent,
        String created,
        long diskSize,
        int grainSize,
        int segmentGrains,
        List<String> segments,
        String digest,
        String source,
        String token,
        boolean fullPass,
        Stats stats,
        List<String> warnings) {

    /** What a replicate run did. */
    public record Stats(long changedBytes, long newBytes, long storedBytes, long readBytes, long durationMillis,
            int newChunks, int packs) {}

    /** Schema version of the manifest (unchanged since repository format 1). */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public Manifest {
        requireNonNull(disk, "disk is null");
        requireNonNull(id, "id is null");
        requireNonNull(created, "created is null");
        requireNonNull(segments, "segments is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(stats, "stats is null");
        segments = List.copyOf(segments);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Number of segments a disk of {@code diskSize} bytes has. */
    public static int segmentCount(long diskSize, int grainSize, int segmentGrains) {
        long grains = (diskSize + grainSize - 1) / grainSize;
        return Math.toIntExact((grains + segmentGrains - 1) / segmentGrains);
    }

    /** Grains in segment {@code index}. */
    public int grainsIn(int index) {
        long grains = (diskSize + grainSize - 1) / grainSize;
        return (int) Math.min(segmentGrains, grains - (long) index * segmentGrains);
    }

    public Hash segment(int index) {
        return Hash.fromHex(segments.get(index));
    }

    public PointInfo info() {
        return new PointInfo(disk, id, Optional.ofNullable(parent), Instant.parse(created), diskSize, digest, source,
                fullPass, stats.changedBytes(), stats.newBytes(), stats.storedBytes(), stats.readBytes(),
                stats.durationMillis(), warnings);
    }

    byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest of " + disk + "/" + id + " cannot be written as JSON", e);
        }
    }

    static Manifest fromJson(String key, byte[] json) throws CorruptObjectException {
        Manifest manifest;
        try {
            manifest = JSON.readValue(json, Manifest.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw new CorruptObjectException(key + ": manifest is not valid JSON (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
        if (manifest.format() != FORMAT) {
            throw new CorruptObjectException(key + ": manifest format " + manifest.format() + " is not " + FORMAT);
        }
        if (manifest.diskSize() < 0 || manifest.grainSize() <= 0 || manifest.segmentGrains() <= 0) {
            throw new CorruptObjectException(key + ": disk size " + manifest.diskSize() + ", grain size "
                    + manifest.grainSize() + " and segment grains " + manifest.segmentGrains()
                    + " must be positive");
        }
        checkInstant(key, "created", manifest.created());
        checkHex(key, "digest", manifest.digest());
        for (String segment : manifest.segments()) {
            checkHex(key, "segment id", segment);
        }
        int expected;
        try {
            expected = segmentCount(manifest.diskSize(), manifest.grainSize(), manifest.segmentGrains());
        } catch (ArithmeticException e) {
            throw new CorruptObjectException(key + ": a disk of " + manifest.diskSize() + " bytes has too many segments");
        }
        if (manifest.segments().size() != expected) {
            throw new CorruptObjectException(key + ": " + manifest.segments().size() + " segments for a disk of "
                    + manifest.diskSize() + " bytes, which needs " + expected);
        }
        return manifest;
    }

    static void checkInstant(String key, String field, String value) throws CorruptObjectException {
        try {
            Instant.parse(value);
        } catch (RuntimeException e) {
            throw new CorruptObjectException(key + ": " + field + " '" + value + "' is not an ISO-8601 time");
        }
    }

    static void checkHex(String key, String field, String value) throws CorruptObjectException {
        if (value == null || !value.matches("[0-9a-f]{64}")) {
            throw new CorruptObjectException(key + ": " + field + " '" + value + "' is not 64 hex digits");
        }
    }
}
