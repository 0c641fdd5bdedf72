package io.pilotlight.repo.seal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * A key management service could not wrap or unwrap a master key, for a reason other than a wrong
 * key: the message names the key and the reason; {@link #kind} says what the operator must fix.
 */
public final class KmsException extends IOException {
    /** What went wrong, most actionable first (the order {@link KeyRing} picks by when several keys fail). */
    public enum Kind {
        /** The key is disabled, pending deletion, or gone: enable it (or cancel its deletion). */
        UNUSABLE,
        /** The credentials work but lack a permission (kms:Decrypt, kms:Encrypt) on the key. */
        ACCESS_DENIED,
        /** No credentials, or the service rejected them. */
        BAD_CREDENTIALS,
        /** The service's endpoint cannot be reached. */
        UNREACHABLE,
        /** Anything else: throttled or failing past the client's retries, an invalid request. */
        FAILED
    }

    private final Kind kind;

    public KmsException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind() {
        return kind;
    }
}
