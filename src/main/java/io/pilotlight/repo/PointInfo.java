package io.pilotlight.repo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A committed restore point of one disk, as listed by {@code points}.
 *
 * @param changedBytes bytes of grains whose content differs from the parent point
 * @param newBytes bytes of chunks this point added to the repository, before compression
 * @param storedBytes bytes this point added to the repository (packs, compressed, plus its metadata)
 * @param readBytes bytes read from the source
 */
public record PointInfo(
        String disk,
        String id,
        Optional<String> parent,
        Instant created,
        long diskSize,
        String digest,
        String source,
        boolean fullPass,
        long changedBytes,
        long newBytes,
        long storedBytes,
        long readBytes,
        long durationMillis,
        List<String> warnings) {}
