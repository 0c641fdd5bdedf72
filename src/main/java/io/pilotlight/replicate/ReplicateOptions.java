package io.pilotlight.replicate;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Tuning of a replicate run.
 *
 * @param workers threads that hash and compress
 * @param uploads packs uploaded at once
 * @param cache this host's cache directory (docs/design.md §15a, §15b): where the run records the
 *     point it committed as checked, so the next run may name its unchanged segments unread; empty
 *     for none (every cycle reads the parent's distinct segments to check their chunks)
 */
public record ReplicateOptions(int workers, int uploads, Optional<Path> cache) {
    public ReplicateOptions {
        requireNonNull(cache, "cache is null");
    }

    public ReplicateOptions(int workers, int uploads) {
        this(workers, uploads, Optional.empty());
    }

    public static ReplicateOptions defaults() {
        return new ReplicateOptions(Math.max(1, Runtime.getRuntime().availableProcessors()), 2);
    }

    /** These options with {@code cache} as the cache directory. */
    public ReplicateOptions withCache(Optional<Path> cache) {
        return new ReplicateOptions(workers, uploads, cache);
    }
}
