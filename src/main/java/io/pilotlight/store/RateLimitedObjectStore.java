package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Limits the bytes another store uploads and, optionally, downloads per second, across all
 * threads using this store ({@code --limit-upload}, coldsnap #451). Each direction is a
 * {@link TokenBucket} holding one second's worth of bytes, so short bursts pass at full speed and
 * the long-run rate is the limit. A limit of 0 means unlimited.
 *
 * <p>Uploads ({@code put}, {@code putIfAbsent}) pay for their bytes before they are sent, ranged
 * gets before they are asked for; a whole-object get pays after it arrives (its size is unknown
 * before), which delays its caller instead. Requests without a body (stat, list, delete) are not
 * limited. Place it inside the retry decorator so retried bytes are paid for too.
 *
 * <p><b>Cancellation</b>: a thread interrupted while waiting for its bytes stops waiting at once
 * and the call throws an {@link InterruptedIOException} with the interrupt flag set again; the
 * request is not sent (a whole-object get's bytes, already read, are dropped). The bytes stay
 * spent, which slows the next callers by at most that one request.
 */
public final class RateLimitedObjectStore implements ObjectStore {
    private static final Duration BURST = Duration.ofSeconds(1);

    private final ObjectStore inner;
    private final TokenBucket upload;
    private final TokenBucket download;

    /** Limits uploads only. */
    public RateLimitedObjectStore(ObjectStore inner, long uploadBytesPerSecond, Sleeper sleeper) {
        this(inner, uploadBytesPerSecond, 0, sleeper);
    }

    /** Limits uploads and downloads separately; 0 leaves a direction unlimited. */
    public RateLimitedObjectStore(ObjectStore inner, long uploadBytesPerSecond, long downloadBytesPerSecond,
            Sleeper sleeper) {
        this.inner = requireNonNull(inner, "inner is null");
        requireNonNull(sleeper, "sleeper is null");
        this.upload = bucket("upload", uploadBytesPerSecond, sleeper);
        this.download = bucket("download", downloadBytesPerSecond, sleeper);
    }

    private static TokenBucket bucket(String direction, long bytesPerSecond, Sleeper sleeper) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException(direction + " limit " + bytesPerSecond
                    + " bytes/s is negative; use 0 for unlimited");
        }
        return bytesPerSecond == 0 ? null : new TokenBucket(bytesPerSecond, BURST, sleeper);
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        pay(upload, requireNonNull(data, "data is null").length, "put", key);
        inner.put(key, data);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        pay(upload, requireNonNull(data, "data is null").length, "putIfAbsent", key);
        return inner.putIfAbsent(key, data);
    }

    @Override
    public boolean supportsRetention() {
        return inner.supportsRetention();
    }

    @Override
    public void putRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        pay(upload, requireNonNull(data, "data is null").length, "put", key);
        inner.putRetained(key, data, retention);
    }

    @Override
    public boolean putIfAbsentRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        pay(upload, requireNonNull(data, "data is null").length, "putIfAbsent", key);
        return inner.putIfAbsentRetained(key, data, retention);
    }

    @Override
    public Optional<ObjectRetention> retention(String key) throws IOException {
        return inner.retention(key);
    }

    @Override
    public void extendRetention(String key, ObjectRetention retention) throws IOException {
        inner.extendRetention(key, retention);
    }

    @Override
    public byte[] get(String key) throws IOException {
        byte[] data = inner.get(key);
        pay(download, data.length, "get", key);
        return data;
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        pay(download, Math.max(0, length), "get", key);
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

    @Override
    public void delete(String key) throws IOException {
        inner.delete(key);
    }

    @Override
    public void deleteAll(List<String> keys) throws IOException {
        inner.deleteAll(keys);
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

    private void pay(TokenBucket bucket, long bytes, String operation, String key) throws InterruptedIOException {
        if (bucket == null) {
            return;
        }
        try {
            bucket.take(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(operation + " of " + key + " in " + inner.location()
                    + ": interrupted while waiting for the " + bucket.bytesPerSecond() + " bytes/s limit");
        }
    }
}
