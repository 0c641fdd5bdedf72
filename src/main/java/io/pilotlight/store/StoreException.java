package io.pilotlight.store;

import java.io.IOException;

/**
 * A store cannot be used as configured: the bucket does not exist, credentials are rejected, the
 * endpoint cannot be reached, or access is denied. The message names the bucket or endpoint and
 * what to fix; {@link #kind()} lets the command line choose a distinct exit code. Retrying does not
 * help, so retry decorators pass it through at once.
 */
public final class StoreException extends IOException {
    public enum Kind { NO_SUCH_BUCKET, BAD_CREDENTIALS, UNREACHABLE, ACCESS_DENIED }

    private final Kind kind;

    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
