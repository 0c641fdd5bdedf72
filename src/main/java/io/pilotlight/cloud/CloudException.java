package io.pilotlight.cloud;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * A cloud request that failed for good (retries, where they apply, are already spent), or a cloud
 * resource that did not become what it should. The kind picks the exit code; the message names the
 * request, the resource and the service's own words.
 */
public class CloudException extends IOException {
    /** What went wrong, one exit code each (docs/exit-codes.md). */
    public enum Kind {
        /** The service rejected the credentials or found none. */
        BAD_CREDENTIALS,
        /** The credentials lack a permission. */
        ACCESS_DENIED,
        /** The endpoint cannot be reached. */
        UNREACHABLE,
        /** The service refused the request as invalid (validation, a token reused with other parameters, a quota). */
        REFUSED,
        /** Throttled, or "does not exist" right after creation, past the retry limit. */
        THROTTLED,
        /** A snapshot, image or instance named does not exist. */
        NOT_FOUND,
        /** The service failed (5xx) past the retry limit. */
        SERVICE,
        /** A snapshot ended in error or did not complete in time. */
        SNAPSHOT_FAILED,
        /** An instance did not reach running, or stopped. */
        INSTANCE_FAILED,
        /** The instance ran but its console showed no heartbeat in time, or its port ({@code --port}) never answered. */
        NO_HEARTBEAT
    }

    private final Kind kind;

    public CloudException(Kind kind, String message) {
        super(message);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public CloudException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind() {
        return kind;
    }
}
