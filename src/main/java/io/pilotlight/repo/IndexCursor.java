package io.pilotlight.repo;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a look at {@code index/} may start (docs/design.md §15a): after the newest time-named index
 * file already read or covered, less {@link IndexNames#MARGIN}. A full listing instead when any old
 * hex-named file was read (format 5 names sort first and carry no time), when none is time-named,
 * when no listing is known to have found what was read current, or when that listing is so old that
 * a file superseding what was read may have come and gone unseen ({@link IndexNames#CARRY}). Not
 * thread-safe: the {@link IndexReader} that owns it locks.
 */
final class IndexCursor {
    private Optional<Instant> newest = Optional.empty();
    private boolean hex;
    private Optional<Instant> listedAt = Optional.empty();

    /** Forgets every file and listing (the index is read afresh). */
    void clear() {
        newest = Optional.empty();
        hex = false;
        listedAt = Optional.empty();
    }

    /** An index file read or covered. */
    void add(String key) {
        IndexNames.parse(key).ifPresent(name -> {
            if (name.time().isEmpty()) {
                hex = true;
            } else if (newest.isEmpty() || name.time().get().isAfter(newest.get())) {
                newest = name.time();
            }
        });
    }

    /** A listing that started at {@code at} found every file read current. */
    void listed(Optional<Instant> at) {
        listedAt = at;
    }

    /** The {@code StartAfter} of the next look at {@code now}, or empty for a full listing. */
    Optional<String> startAfter(Instant now) {
        if (hex || newest.isEmpty() || listedAt.isEmpty()
                || Duration.between(listedAt.get(), now).compareTo(IndexNames.CARRY.minus(IndexNames.MARGIN)) >= 0) {
            return Optional.empty();
        }
        return Optional.of(IndexNames.cursor(newest.get()));
    }
}
