package io.pilotlight.store;

import java.io.IOException;

public final class TransientStoreException extends IOException {
    public TransientStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
