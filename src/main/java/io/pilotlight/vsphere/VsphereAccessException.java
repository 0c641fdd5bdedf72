package io.pilotlight.vsphere;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * vSphere could not be used at all, for one of three reasons that need three different fixes: the
 * host cannot be reached, its certificate is not the one pinned or trusted, or the VM named is not
 * there. Each gets its own exit code.
 */
public final class VsphereAccessException extends IOException {
    /** Why vSphere could not be used. */
    public enum Kind {
        /** Connection refused, unknown host, timeout: check the host and the network. */
        UNREACHABLE,
        /** The TLS handshake failed: the certificate is not the pinned thumbprint nor trusted by the JDK. */
        CERTIFICATE_REFUSED,
        /** No VM by that name, inventory path or reference. */
        NO_SUCH_VM
    }

    private final Kind kind;

    public VsphereAccessException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind() {
        return kind;
    }
}
