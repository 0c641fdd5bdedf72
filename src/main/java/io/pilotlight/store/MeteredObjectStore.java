package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import io.pilotlight.store.StoreListener.Kind;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a {@link StoreListener} about every request to another store: a start, then a finish
 * with the bytes moved or a failure, each with the time taken. Placed below the retry decorator
 * it sees every attempt, i.e. the requests really made. A listener that throws never breaks a
 * request: its exception is dropped, and the first one is logged at debug level.
 *
 * <p><b>Cancellation</b>: adds no waiting of its own. An interrupted request fails in the store
 * below, and the listener hears {@code requestFailed} with that failure before it is rethrown.
 */
public final class MeteredObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(MeteredObjectStore.class);

    private final ObjectStore inner;
    private final StoreListener listener;
    private final AtomicBoolean listenerFailureLogged = new AtomicBoolean();

    public MeteredObjectStore(ObjectStore inner, StoreListener listener) {
        this.inner = requireNonNull(inner, "inner is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        requireNonNull(data, "data is null");
        metered(Kind.PUT, key, () -> {
            inner.put(key, data);
            return null;
        }, result -> data.length);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        requireNonNull(data, "data is null");
        return metered(Kind.PUT_IF_ABSENT, key, () -> inner.putIfAbsent(key, data), result -> data.length);
    }

    @Override
    public byte[] get(String key) throws IOException {
        return metered(Kind.GET, key, () -> inner.get(key), result -> result.length);
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        return metered(Kind.GET_RANGE, key, () -> inner.get(key, offset, length), result -> result.length);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        return metered(Kind.STAT, key, () -> inner.stat(key), result -> 0);
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        return listed(prefix, metered(Kind.LIST, prefix, () -> inner.list(prefix), result -> 0));
    }

    @Override
    public List<ObjectInfo> list(String prefix, String startAfter) throws IOException {
        return listed(prefix, metered(Kind.LIST, prefix, () -> inner.list(prefix, startAfter), result -> 0));
    }

    private List<ObjectInfo> listed(String prefix, List<ObjectInfo> found) {
        notify(() -> listener.listed(prefix, found.size()));
        return found;
    }

    @Override
    public void delete(String key) throws IOException {
        metered(Kind.DELETE, key, () -> {
            inner.delete(key);
            return null;
        }, result -> 0);
    }

    @Override
    public void deleteAll(List<String> keys) throws IOException {
        if (keys.isEmpty()) {
            return;
        }
        metered(Kind.DELETE, keys.get(0) + (keys.size() > 1 ? " and " + (keys.size() - 1) + " more" : ""), () -> {
            inner.deleteAll(keys);
            return null;
        }, result -> 0);
    }

    @Override
    public boolean supportsRetention() {
        return inner.supportsRetention();
    }

    @Override
    public void putRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        requireNonNull(data, "data is null");
        metered(Kind.PUT, key, () -> {
            inner.putRetained(key, data, retention);
            return null;
        }, result -> data.length);
    }

    @Override
    public boolean putIfAbsentRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        requireNonNull(data, "data is null");
        return metered(Kind.PUT_IF_ABSENT, key, () -> inner.putIfAbsentRetained(key, data, retention),
                result -> data.length);
    }

    @Override
    public Optional<ObjectRetention> retention(String key) throws IOException {
        return metered(Kind.STAT, key, () -> inner.retention(key), result -> 0);
    }

    @Override
    public void extendRetention(String key, ObjectRetention retention) throws IOException {
        metered(Kind.PUT, key, () -> {
            inner.extendRetention(key, retention);
            return null;
        }, result -> 0);
    }

    @Override
    public List<DeleteMarker> deleteMarkers(String prefix) throws IOException {
        return metered(Kind.LIST, prefix, () -> inner.deleteMarkers(prefix), result -> 0);
    }

    @Override
    public void removeDeleteMarker(DeleteMarker marker) throws IOException {
        metered(Kind.DELETE, marker.key(), () -> {
            inner.removeDeleteMarker(marker);
            return null;
        }, result -> 0);
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

    private <T> T metered(Kind kind, String key, Request<T> request, Payload<T> payload) throws IOException {
        notify(() -> listener.requestStarted(kind, key));
        long start = System.nanoTime();
        T result;
        try {
            result = request.run();
        } catch (IOException e) {
            long nanos = System.nanoTime() - start;
            notify(() -> listener.requestFailed(kind, key, e, nanos));
            throw e;
        } catch (RuntimeException | Error e) {
            long nanos = System.nanoTime() - start;
            IOException wrapped = new IOException(kind + " of " + key + " failed: " + e, e);
            notify(() -> listener.requestFailed(kind, key, wrapped, nanos));
            throw e;
        }
        long nanos = System.nanoTime() - start;
        long bytes = payload.bytes(result);
        notify(() -> listener.requestFinished(kind, key, bytes, nanos));
        return result;
    }

    private void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            if (listenerFailureLogged.compareAndSet(false, true)) {
                LOG.debug("store listener {} threw; dropping this and later listener failures",
                        listener.getClass().getName(), e);
            }
        }
    }

    @FunctionalInterface
    private interface Request<T> {
        T run() throws IOException;
    }

    @FunctionalInterface
    private interface Payload<T> {
        long bytes(T result);
    }
}
