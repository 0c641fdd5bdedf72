package io.pilotlight.repo.seal;

import java.io.IOException;

/**
 * A sealed object failed to open: not a sealed object, truncated, or a frame that does not
 * authenticate (a changed byte, or another object's body under this name). Names the object.
 */
public final class SealException extends IOException {
    public SealException(String message) {
        super(message);
    }
}
