package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * An operation failed on every attempt {@link RetryingObjectStore} allowed. It has already been
 * retried: no layer above, another {@code RetryingObjectStore} included, may retry it again
 * (that is how retry storms start, coldsnap #437). The cause is the last attempt's failure.
 */
public final class RetriesExhaustedException extends IOException {
    private final String operation;
    private final String key;
    private final int attempts;

    public RetriesExhaustedException(String location, String operation, String key, int attempts, IOException last) {
        super(operation + " of " + key + " in " + location + " failed after " + attempts + " attempt"
                + (attempts == 1 ? "" : "s") + ": " + requireNonNull(last, "last is null").getMessage(), last);
        this.operation = requireNonNull(operation, "operation is null");
        this.key = requireNonNull(key, "key is null");
        this.attempts = attempts;
    }

    /** The operation, as {@code put}, {@code get}, {@code list}. */
    public String operation() {
        return operation;
    }

    /** The key, or for {@code list} the prefix. */
    public String key() {
        return key;
    }

    public int attempts() {
        return attempts;
    }
}
