package io.pilotlight.repo.seal;

import java.io.IOException;

/**
 * An encrypted repository could not be opened with what was given: no passphrase, or one that opens
 * none of its keys. The message never contains the passphrase.
 */
public final class WrongKeyException extends IOException {
    public WrongKeyException(String message) {
        super(message);
    }
}
