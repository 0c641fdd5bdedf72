package io.pilotlight.repo;

import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.store.ObjectRetention;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Locale;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Object Lock of a locked repository's points (docs/design.md §21): which objects a point needs,
 * extending the retention of packs a new point reuses, and of config and the key files, so it covers
 * the point, and telling forget, prune and verify what is still locked or lacks its retention.
 */
final class PointRetention {
    /** Clock skew allowance: an object counts as locked until this long after its retention ends. */
    static final Duration MARGIN = Duration.ofMinutes(1);
    /** ObjectRetention requests in flight at once when a new point's packs are locked. */
    static final int PARALLEL = 16;

    private final ObjectStore store;
    private final ObjectLock lock;
    private final BlobReader blobs;
    private final IndexReader indexes;
    private final Clock clock;
    private final PackLocks locks;
    /** The repository-wide objects (config, key files) as last listed, and when; listed again after R. */
    private volatile List<String> repositoryWide = List.of();
    private volatile Instant repositoryWideListed = Instant.MIN;

    PointRetention(ObjectStore store, ObjectLock lock, BlobReader blobs, IndexReader indexes, Clock clock,
            PackLocks locks) {
        this.store = store;
        this.locks = locks;
        this.lock = lock;
        this.blobs = blobs;
        this.indexes = indexes;
        this.clock = clock;
    }

    /** The packs holding the point's segments and the chunks they name, by key. */
    Set<String> packKeys(Manifest manifest) throws IOException {
        Set<Hash> needed = new LinkedHashSet<>();
        for (int i = 0; i < manifest.segments().size(); i++) {
            needed.add(manifest.segment(i));
            needed.addAll(blobs.readSegment(manifest, i).referencedChunks());
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Hash blob : needed) {
            keys.add(indexes.packKeyOf(blob).orElseThrow(() -> new CorruptObjectException("point "
                    + manifest.disk() + "/" + manifest.id() + " needs blob " + blob + ", which no index names")));
        }
        return keys;
    }

    /**
     * The objects every point needs ({@link RepositoryLayout#repositoryWide}): config and the key files.
     * The key files are listed once per {@link ObjectLock#renewalAhead} (a long-lived process, the daemon,
     * sees a key added by another), not per commit; a key added since is locked from its own writing.
     */
    List<String> repositoryWide() throws IOException {
        Instant now = clock.instant();
        if (now.isAfter(repositoryWideListed.plus(lock.renewalAhead())) || now.isBefore(repositoryWideListed)) {
            List<String> keys = new ArrayList<>();
            keys.add(RepositoryLayout.CONFIG);
            store.list(RepositoryLayout.KEYS).forEach(info -> keys.add(info.key()));
            repositoryWide = List.copyOf(keys);
            repositoryWideListed = now;
        }
        return repositoryWide;
    }

    /**
     * Before {@code manifest} is committed: every pack it needs, config and every key file are locked at
     * least until its creation plus the period; one that is not (an older pack the point reuses, config
     * and key files written before it) is extended to that plus {@link ObjectLock#renewalAhead}. Only
     * those whose remembered retention ({@link PackLocks}) does not cover the point are asked (a HEAD
     * each). Returns how many objects were extended.
     */
    int cover(Manifest manifest) throws IOException {
        Instant needed = Instant.parse(manifest.created()).plus(lock.period());
        List<String> unknown = new ArrayList<>();
        Set<String> needs = new LinkedHashSet<>(repositoryWide());
        needs.addAll(packKeys(manifest));
        for (String key : needs) {
            if (!locks.remembered(key).map(known -> known.covers(lock.retentionMode(), needed)).orElse(false)) {
                unknown.add(key);
            }
        }
        AtomicInteger extended = new AtomicInteger();
        inParallel(unknown, key -> {
            Optional<ObjectRetention> current;
            try {
                current = store.retention(key);
            } catch (NoSuchObjectException e) {
                if (!key.startsWith(RepositoryLayout.KEYS)) {
                    throw e;
                }
                locks.forget(key); // a key removed since it was listed: nothing to lock
                repositoryWideListed = Instant.MIN;
                return;
            }
            if (current.isPresent() && current.get().covers(lock.retentionMode(), needed)) {
                locks.remember(key, current.get());
                return;
            }
            locks.forget(key);
            ObjectRetention.Mode mode = current.map(ObjectRetention::mode).filter(m -> m == ObjectRetention.Mode.COMPLIANCE)
                    .orElse(lock.retentionMode());
            ObjectRetention longer = new ObjectRetention(mode, needed.plus(lock.renewalAhead()));
            store.extendRetention(key, longer);
            locks.remember(key, longer);
            extended.incrementAndGet();
        });
        locks.save(clock.instant());
        return extended.get();
    }

    /** What {@link #inParallel} does with each key. */
    private interface KeyTask {
        void run(String key) throws IOException;
    }

    /**
     * Runs {@code task} for every key, {@link #PARALLEL} at a time (one request each, mostly waiting on
     * the service); the first failure is thrown once all have ended, the others suppressed in it.
     */
    private static void inParallel(Collection<String> keys, KeyTask task) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL, keys.size())));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String key : keys) {
                running.add(pool.submit(() -> {
                    task.run(key);
                    return null;
                }));
            }
            IOException failure = null;
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    IOException cause = e.getCause() instanceof IOException io ? io
                            : new IOException("retention of a pack: " + e.getCause(), e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while locking the packs of a point");
        } finally {
            pool.shutdownNow();
        }
    }

    /** When the object at {@code key} unlocks, if it is locked now (within {@link #MARGIN}); empty if gone. */
    Optional<Instant> lockedUntil(String key) throws IOException {
        try {
            Instant now = clock.instant().minus(MARGIN);
            return store.retention(key).filter(retention -> retention.lockedAt(now)).map(ObjectRetention::until);
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    /** The packs of {@code packs} that are locked now, with when each unlocks. */
    Map<Hash, Instant> lockedPacks(Iterable<Hash> packs) throws IOException {
        Map<Hash, Instant> locked = new LinkedHashMap<>();
        for (Hash pack : packs) {
            lockedUntil(RepositoryLayout.packKey(pack)).ifPresent(until -> locked.put(pack, until));
        }
        return locked;
    }

    /**
     * The objects of {@code manifests} (each manifest and the packs it needs, and config and the key
     * files, which every point needs) whose retention does not last until the creation of the newest
     * point needing them plus the period: one line each, naming
     * the object, the retention it has and needs, and that point. For verify; each object is asked once.
     */
    List<String> unretained(Collection<Manifest> manifests) throws IOException {
        Map<String, Manifest> newestUser = new TreeMap<>();
        Optional<Manifest> newest = manifests.stream().reduce(PointRetention::newer);
        if (newest.isPresent()) {
            repositoryWideListed = Instant.MIN; // verify lists them afresh
            repositoryWide().forEach(key -> newestUser.put(key, newest.get()));
        }
        for (Manifest manifest : manifests) {
            newestUser.merge(RepositoryLayout.pointKey(manifest.disk(), manifest.id()), manifest, PointRetention::newer);
            Set<String> packs;
            try {
                packs = packKeys(manifest);
            } catch (CorruptObjectException e) {
                continue; // verify reports the unreadable segment or the unindexed blob itself
            }
            packs.forEach(key -> newestUser.merge(key, manifest, PointRetention::newer));
        }
        Map<String, String> faults = new java.util.concurrent.ConcurrentSkipListMap<>();
        inParallel(newestUser.keySet(), key -> {
            Manifest point = newestUser.get(key);
            Instant needed = Instant.parse(point.created()).plus(lock.period());
            Optional<ObjectRetention> retention;
            try {
                retention = store.retention(key);
            } catch (NoSuchObjectException e) {
                return; // a missing object is verify's other finding
            }
            if (retention.isEmpty() || !retention.get().covers(lock.retentionMode(), needed)) {
                faults.put(key, "retention: " + key + " has " + retention.map(r -> r.mode().name()
                        .toLowerCase(Locale.ROOT) + " until " + r.until()).orElse("no retention") + ", point "
                        + point.disk() + "/" + point.id() + " needs " + lock.mode() + " until " + needed);
            }
        });
        return List.copyOf(faults.values());
    }

    private static Manifest newer(Manifest a, Manifest b) {
        return Instant.parse(a.created()).isAfter(Instant.parse(b.created())) ? a : b;
    }
}
