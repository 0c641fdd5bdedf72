package io.pilotlight.repo;

import io.pilotlight.store.DeleteMarker;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.store.ObjectRetention;
import java.io.IOException;
import io.pilotlight.store.NoSuchObjectException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The repository's view of a store under Object Lock (§21): every write of an object a point needs
 * ({@link RepositoryLayout#retained}: config, key files, packs, manifests, group points) carries a
 * retention of the lock's period from now, so no object of a point is ever, even for a moment,
 * unlocked; a rewritten config keeps at least the retention of the version it replaces. Other
 * objects (index files, leases, plans, drill and cloud records) are written as usual. The retention
 * of each pack, config and key file it creates or extends is remembered ({@link PackLocks}), so a
 * commit need not HEAD it. A locked key file may be deleted (key remove): that only hides it behind
 * a delete marker, and its locked version stays (§20.2).
 */
final class RetainingObjectStore implements ObjectStore {
    private final ObjectStore inner;
    private final ObjectLock lock;
    private final Clock clock;
    private final PackLocks locks;

    RetainingObjectStore(ObjectStore inner, ObjectLock lock, Clock clock, PackLocks locks) {
        this.inner = inner;
        this.locks = locks;
        this.lock = lock;
        this.clock = clock;
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        if (RepositoryLayout.retained(key)) {
            ObjectRetention retention = lock.from(clock.instant());
            if (RepositoryLayout.repositoryWide(key)) {
                retention = replacing(key, retention);
            }
            inner.putRetained(key, data, retention);
            rememberPack(key, retention);
        } else {
            inner.put(key, data);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        if (!RepositoryLayout.retained(key)) {
            return inner.putIfAbsent(key, data);
        }
        ObjectRetention retention = lock.from(clock.instant());
        boolean created = inner.putIfAbsentRetained(key, data, retention);
        if (created) {
            rememberPack(key, retention); // an object that was there already has a retention this writer does not know
        }
        return created;
    }

    /**
     * The retention a new version of config (or a key file) gets: at least the current version's, which
     * covers the newest point (§21.2), so what {@link PackLocks} remembers of the key stays true.
     */
    private ObjectRetention replacing(String key, ObjectRetention retention) throws IOException {
        try {
            return inner.retention(key).map(current -> new ObjectRetention(current.mode() == ObjectRetention.Mode.COMPLIANCE
                    ? current.mode() : retention.mode(), current.until().isAfter(retention.until()) ? current.until()
                    : retention.until())).orElse(retention);
        } catch (NoSuchObjectException e) {
            return retention;
        }
    }

    /** A pack, config or key file this writer stored: its retention is known without a HEAD (§21.2). */
    private void rememberPack(String key, ObjectRetention retention) {
        if (key.startsWith(RepositoryLayout.PACKS) || RepositoryLayout.repositoryWide(key)) {
            locks.remember(key, retention);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        return inner.get(key);
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        return inner.get(key, offset, length);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        return inner.stat(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        return inner.list(prefix);
    }

    @Override
    public List<ObjectInfo> list(String prefix, String startAfter) throws IOException {
        return inner.list(prefix, startAfter);
    }

    /**
     * Refuses to delete a retained object that is still locked: in a versioned bucket S3 would take the
     * delete and hide the locked version behind a delete marker, so the point would vanish from listings.
     * Key files are the exception: removing a key hides its file by design (§20.2), the locked version
     * staying in the bucket until its lock ends.
     */
    @Override
    public void delete(String key) throws IOException {
        refuseLocked(List.of(key));
        inner.delete(key);
        locks.forget(key);
    }

    /** As {@link #delete}: nothing is deleted if one of {@code keys} is locked. */
    @Override
    public void deleteAll(List<String> keys) throws IOException {
        refuseLocked(keys);
        inner.deleteAll(keys);
        keys.forEach(locks::forget);
    }

    private void refuseLocked(List<String> keys) throws IOException {
        Instant now = clock.instant().minus(PointRetention.MARGIN);
        List<String> locked = new ArrayList<>();
        for (String key : keys) {
            if (RepositoryLayout.retained(key) && !key.startsWith(RepositoryLayout.KEYS)) {
                try {
                    inner.retention(key).filter(retention -> retention.lockedAt(now))
                            .ifPresent(retention -> locked.add(key + " (until " + retention.until() + ")"));
                } catch (NoSuchObjectException e) {
                    // already gone: deleting it is a no-op
                }
            }
        }
        if (!locked.isEmpty()) {
            throw new RepositoryException(RepositoryException.Kind.LOCKED, locked.size() + " of " + keys.size()
                    + " objects to delete in " + location() + " are under Object Lock, nothing deleted: "
                    + String.join(", ", locked.subList(0, Math.min(5, locked.size())))
                    + (locked.size() > 5 ? " and " + (locked.size() - 5) + " more" : ""));
        }
    }

    @Override
    public boolean supportsRetention() {
        return inner.supportsRetention();
    }

    @Override
    public void putRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        inner.putRetained(key, data, retention);
        rememberPack(key, retention);
    }

    @Override
    public boolean putIfAbsentRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        return inner.putIfAbsentRetained(key, data, retention);
    }

    @Override
    public Optional<ObjectRetention> retention(String key) throws IOException {
        return inner.retention(key);
    }

    @Override
    public void extendRetention(String key, ObjectRetention retention) throws IOException {
        inner.extendRetention(key, retention);
        rememberPack(key, retention);
    }

    @Override
    public List<DeleteMarker> deleteMarkers(String prefix) throws IOException {
        return inner.deleteMarkers(prefix);
    }

    @Override
    public void removeDeleteMarker(DeleteMarker marker) throws IOException {
        inner.removeDeleteMarker(marker);
    }

    @Override
    public boolean strongPutIfAbsent() {
        return inner.strongPutIfAbsent();
    }

    @Override
    public String location() {
        return inner.location();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
