package io.pilotlight.store;

import java.io.IOException;

/**
 * Hears about every request {@link MeteredObjectStore} passes to the store below it. Events come
 * in pairs: each {@link #requestStarted} is followed, on the same thread, by exactly one
 * {@link #requestFinished} or {@link #requestFailed} for the same kind and key. Called from
 * many threads at once, inline with the request: implementations must be thread-safe and quick.
 * An implementation should never throw; if it does, the store drops the exception and goes on.
 */
public interface StoreListener {
    /** What a request does. {@code key} is the object's key, or for {@link #LIST} the prefix. */
    enum Kind { PUT, PUT_IF_ABSENT, GET, GET_RANGE, STAT, LIST, DELETE }

    /** A listener that ignores everything. */
    StoreListener NONE = new StoreListener() {};

    default void requestStarted(Kind kind, String key) {}

    /**
     * The request succeeded after {@code nanos}. {@code bytes} is the payload moved: the bytes sent
     * by a put or putIfAbsent (whether or not it created the object), the bytes received by a get,
     * 0 for the others.
     */
    default void requestFinished(Kind kind, String key, long bytes, long nanos) {}

    /**
     * The request failed after {@code nanos}. An unchecked exception (an invalid key) arrives
     * wrapped in an {@link IOException}; the caller still gets the original.
     */
    default void requestFailed(Kind kind, String key, IOException failure, long nanos) {}

    /**
     * A {@link Kind#LIST} under {@code prefix} that succeeded returned {@code keys} keys (heard after
     * its {@link #requestFinished}). An S3 store fetched them in pages of up to
     * {@link StoreMeter#LIST_PAGE} keys, one page at least: one {@code list} call is that many HTTP
     * requests.
     */
    default void listed(String prefix, int keys) {}
}
