package io.pilotlight.store;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Bytes by key: the only thing a repository needs from a storage service.
 *
 * <p>Keys are relative, slash-separated paths made of lower-case letters, digits and {@code . _ -}
 * ({@link ObjectKeys#check}); no segment is empty or starts with a dot. Every method is safe to call
 * from several threads. Errors are {@link IOException}s; a missing object is a
 * {@link NoSuchObjectException} naming the key.
 */
public interface ObjectStore extends Closeable {

    /**
     * Stores {@code data} under {@code key}, replacing any object already there. Atomic: a reader
     * sees the old object or the whole new one, never a part. Durable when it returns. Idempotent.
     */
    void put(String key, byte[] data) throws IOException;

    /**
     * Stores {@code data} under {@code key} only if no object has that key. Returns {@code true} if
     * this call created the object, {@code false} if one was already there (left untouched). Atomic
     * against concurrent callers of the same store where the service allows it (see
     * {@link #strongPutIfAbsent()}).
     */
    boolean putIfAbsent(String key, byte[] data) throws IOException;

    /** Reads the whole object. */
    byte[] get(String key) throws IOException;

    /**
     * Reads {@code length} bytes starting at {@code offset}. A range that runs past the end of the
     * object is an {@link IOException} naming the key, the range and the size: callers always know
     * the exact range they need. A negative offset or length is an {@link IllegalArgumentException}.
     * A zero-length range ending at or before the end returns an empty array.
     */
    byte[] get(String key, long offset, int length) throws IOException;

    /** Size of the object, or empty if there is none. */
    Optional<ObjectInfo> stat(String key) throws IOException;

    /**
     * Every object whose key starts with {@code prefix}, sorted by key. Objects being written by
     * {@link #put} are listed only once complete. May miss objects written concurrently.
     */
    List<ObjectInfo> list(String prefix) throws IOException;

    /**
     * As {@link #list(String)}, but only the keys that sort strictly after {@code startAfter} (by
     * {@link String#compareTo}, which for the key alphabet is S3's byte order): S3's
     * {@code StartAfter}. {@code startAfter} need not be a stored key, nor start with
     * {@code prefix}; an empty one lists everything under {@code prefix}.
     */
    List<ObjectInfo> list(String prefix, String startAfter) throws IOException;

    /** Removes the object. Removing a missing object is not an error. */
    void delete(String key) throws IOException;

    /**
     * Removes every object of {@code keys}; missing ones are not an error. Stores that can remove
     * many objects in one request do so (S3: DeleteObjects, up to 1,000 keys each); a failure names
     * the keys that could not be removed. Not atomic: after a failure some may be gone.
     */
    default void deleteAll(List<String> keys) throws IOException {
        for (String key : keys) {
            delete(key);
        }
    }

    /**
     * Whether this store can keep objects under an S3 Object Lock retention ({@link #putRetained},
     * {@link #retention}, {@link #extendRetention}). Stores that cannot say so here and refuse those
     * calls with an {@link IOException} naming the store.
     */
    default boolean supportsRetention() {
        return false;
    }

    /** As {@link #put}, the new object version locked by {@code retention} from the moment it exists. */
    default void putRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        throw noRetention();
    }

    /** As {@link #putIfAbsent}, a created object locked by {@code retention}. */
    default boolean putIfAbsentRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        throw noRetention();
    }

    /** The retention of the object's current version, empty if it has none; a missing object is a {@link NoSuchObjectException}. */
    default Optional<ObjectRetention> retention(String key) throws IOException {
        return Optional.empty();
    }

    /**
     * Locks the object's current version by {@code retention} (S3 PutObjectRetention). The service
     * refuses to shorten a retention or weaken compliance to governance: callers extend only
     * (read {@link #retention} first).
     */
    default void extendRetention(String key, ObjectRetention retention) throws IOException {
        throw noRetention();
    }

    private IOException noRetention() {
        return new IOException("store " + location() + " cannot lock objects (S3 Object Lock): only an S3 bucket"
                + " with Object Lock enabled can hold a repository made with --lock-days");
    }

    /**
     * The keys under {@code prefix} whose current version is a delete marker (a versioned bucket, §21.3),
     * each with the version it hides and that version's retention. A store without versions has none.
     */
    default List<DeleteMarker> deleteMarkers(String prefix) throws IOException {
        return List.of();
    }

    /** Removes {@code marker} (not the version under it), so the hidden version is current again. */
    default void removeDeleteMarker(DeleteMarker marker) throws IOException {
        throw new UnsupportedOperationException(location() + " keeps no versions: it has no delete markers");
    }

    /** Whether {@link #putIfAbsent} is atomic against other writers (documented per store). */
    boolean strongPutIfAbsent();

    /** Where the objects live, for messages: {@code /srv/repo} or {@code s3://bucket/prefix}. */
    String location();

    @Override
    default void close() throws IOException {}
}
