package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Stores index files (docs/design.md §5): in a format 6 repository a version 2 payload under a
 * time-named key, naming the files it supersedes with the names those carried (for {@link
 * IndexNames#CARRY}); in an older one a version 1 payload under its hex name, as older pilotlight
 * versions read it. Every index file any writer, prune or repair stores goes through here.
 */
final class IndexFileWriter {
    /** An index file stored: its key and the size of the object. */
    record Stored(String key, int bytes) {}

    private final ObjectStore store;
    private final ContentIds ids;
    private final BooleanSupplier timed;
    private final Clock clock;

    /** {@code timed}: whether the repository is format 6 or later (asked at each store: prune may raise it). */
    IndexFileWriter(ObjectStore store, ContentIds ids, BooleanSupplier timed, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.timed = requireNonNull(timed, "timed is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Whether new index files are time-named and name what they supersede (format 6). */
    boolean timed() {
        return timed.getAsBoolean();
    }

    /** Stores a file holding {@code packs} that supersedes nothing (a checkpoint). */
    Stored store(Map<Hash, List<PackEntry>> packs) throws IOException {
        return store(packs, Map.of());
    }

    /**
     * Stores a file holding {@code packs} that replaces the files {@code replaced} names (each with
     * the files it superseded itself, empty when unknown or none); the caller deletes them after.
     */
    Stored store(Map<Hash, List<PackEntry>> packs, Map<String, List<IndexFile.Superseded>> replaced)
            throws IOException {
        byte[] payload;
        String key;
        if (timed.getAsBoolean()) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            payload = IndexFile.encode(packs, superseded(now, replaced));
            key = IndexNames.timed(now, ids.of(payload));
        } else {
            payload = IndexFile.encode(packs);
            key = IndexNames.hex(ids.of(payload));
        }
        byte[] object = Envelope.seal(Envelope.Type.INDEX, payload, true);
        store.put(key, object);
        return new Stored(key, object.length);
    }

    /**
     * The files a new one supersedes: {@code replaced}, superseded now, and what they superseded
     * themselves less than {@link IndexNames#CARRY} ago, so that a host that never saw a replaced file
     * (stored and removed between two of its runs) still learns that the files it replaced are gone.
     */
    static List<IndexFile.Superseded> superseded(Instant now, Map<String, List<IndexFile.Superseded>> replaced) {
        Map<String, IndexFile.Superseded> names = new LinkedHashMap<>();
        replaced.keySet().forEach(key -> names.put(key, new IndexFile.Superseded(key, now)));
        Instant horizon = now.minus(IndexNames.CARRY);
        replaced.values().forEach(carried -> carried.stream().filter(s -> !s.at().isBefore(horizon))
                .forEach(s -> names.putIfAbsent(s.key(), s)));
        return List.copyOf(names.values());
    }
}
