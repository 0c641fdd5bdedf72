package io.pilotlight.recovery.export;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/** An external tool (qemu-img) is missing, or ran and failed; the message names the tool and what to do. */
public final class ExternalToolException extends IOException {
    /** Why the tool did not do its job. */
    public enum Kind { MISSING, FAILED }

    private final Kind kind;

    public ExternalToolException(Kind kind, String message) {
        super(message);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind() {
        return kind;
    }
}
