package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import io.pilotlight.repo.seal.KeyRing;
import io.pilotlight.repo.seal.ObjectSeal;
import io.pilotlight.repo.seal.SealException;
import io.pilotlight.store.DeleteMarker;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectRetention;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store of an encrypted repository as the repository sees it (docs/design.md §20.3): every
 * object but {@code config} and the key files is sealed on the way in and opened on the way out;
 * sizes are the plaintext's. A ranged read fetches the object's header once (then remembers it) and
 * opens only the frames the range touches. A frame that fails to open is a
 * {@link CorruptObjectException} naming the object.
 */
final class SealedObjectStore implements ObjectStore {
    private static final int HEADERS_KEPT = 20_000;

    private final ObjectStore store;
    private final ObjectSeal seal;
    private final Map<String, ObjectSeal.Header> headers = new ConcurrentHashMap<>();

    SealedObjectStore(ObjectStore store, ObjectSeal seal) {
        this.store = requireNonNull(store, "store is null");
        this.seal = requireNonNull(seal, "seal is null");
    }

    /** Objects stored as they are: the config (it says the repository is encrypted) and the key files. */
    static boolean plain(String key) {
        return key.equals(RepositoryLayout.CONFIG) || key.startsWith(KeyRing.PREFIX);
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        headers.remove(key);
        store.put(key, plain(key) ? data : seal.seal(key, data));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        return store.putIfAbsent(key, plain(key) ? data : seal.seal(key, data));
    }

    @Override
    public boolean supportsRetention() {
        return store.supportsRetention();
    }

    @Override
    public void putRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        headers.remove(key);
        store.putRetained(key, plain(key) ? data : seal.seal(key, data), retention);
    }

    @Override
    public boolean putIfAbsentRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        return store.putIfAbsentRetained(key, plain(key) ? data : seal.seal(key, data), retention);
    }

    /** A retention is the object version's, not its content's: read and extended as they are. */
    @Override
    public Optional<ObjectRetention> retention(String key) throws IOException {
        return store.retention(key);
    }

    @Override
    public void extendRetention(String key, ObjectRetention retention) throws IOException {
        store.extendRetention(key, retention);
    }

    @Override
    public byte[] get(String key) throws IOException {
        byte[] object = store.get(key);
        if (plain(key)) {
            return object;
        }
        try {
            return seal.open(key, object);
        } catch (SealException e) {
            throw new CorruptObjectException(e.getMessage());
        }
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        if (plain(key)) {
            return store.get(key, offset, length);
        }
        ObjectSeal.Header header = header(key);
        try {
            return read(key, header, offset, length);
        } catch (CorruptObjectException e) {
            headers.remove(key); // rewritten since (a repack stores the same pack with a new salt): once more
            ObjectSeal.Header fresh = header(key);
            if (java.util.Arrays.equals(fresh.bytes(), header.bytes())) {
                throw e;
            }
            return read(key, fresh, offset, length);
        }
    }

    private byte[] read(String key, ObjectSeal.Header header, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " of " + key + " is negative");
        }
        if (offset + length > header.plainSize()) {
            throw new IOException("range " + offset + "+" + length + " of object " + key + " runs past its end (size "
                    + header.plainSize() + ")");
        }
        if (length == 0) {
            return new byte[0];
        }
        long first = offset / ObjectSeal.FRAME;
        long last = (offset + length - 1) / ObjectSeal.FRAME;
        byte[] frames = store.get(key, ObjectSeal.frameOffset(first), ObjectSeal.framesLength(header, first, last));
        try {
            return seal.openRange(key, header, frames, offset, length);
        } catch (SealException e) {
            throw new CorruptObjectException(e.getMessage());
        }
    }

    private ObjectSeal.Header header(String key) throws IOException {
        ObjectSeal.Header known = headers.get(key);
        if (known != null) {
            return known;
        }
        byte[] bytes = store.get(key, 0, ObjectSeal.HEADER);
        ObjectSeal.Header header;
        try {
            header = ObjectSeal.Header.parse(key, bytes);
        } catch (SealException e) {
            throw new CorruptObjectException(e.getMessage());
        }
        if (headers.size() >= HEADERS_KEPT) {
            headers.clear();
        }
        headers.put(key, header);
        return header;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        return store.stat(key).map(this::plainInfo);
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        return store.list(prefix).stream().map(this::plainInfo).toList();
    }

    @Override
    public List<ObjectInfo> list(String prefix, String startAfter) throws IOException {
        return store.list(prefix, startAfter).stream().map(this::plainInfo).toList();
    }

    private ObjectInfo plainInfo(ObjectInfo info) {
        return plain(info.key()) ? info : new ObjectInfo(info.key(), ObjectSeal.plainSize(info.size()));
    }

    @Override
    public void delete(String key) throws IOException {
        headers.remove(key);
        store.delete(key);
    }

    @Override
    public void deleteAll(List<String> keys) throws IOException {
        keys.forEach(headers::remove);
        store.deleteAll(keys);
    }

    @Override
    public List<DeleteMarker> deleteMarkers(String prefix) throws IOException {
        return store.deleteMarkers(prefix);
    }

    @Override
    public void removeDeleteMarker(DeleteMarker marker) throws IOException {
        store.removeDeleteMarker(marker);
    }

    @Override
    public boolean strongPutIfAbsent() {
        return store.strongPutIfAbsent();
    }

    @Override
    public String location() {
        return store.location();
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
