package io.pilotlight.repo;

import java.io.IOException;

/** An object in the repository is not what it must be: wrong magic, truncated, a hash mismatch. */
public final class CorruptObjectException extends IOException {
    public CorruptObjectException(String message) {
        super(message);
    }
}
