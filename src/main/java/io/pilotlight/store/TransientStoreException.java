package io.pilotlight.store;

import java.io.IOException;

/**
 * A request failed in a way that may succeed if tried again: a 5xx answer, throttling (503 SlowDown,
 * 429), a connection reset or a read timeout. Stores throw it only for such failures, so a retry
 * decorator can retry exactly these; stores do not retry on their own.
 */
public class TransientStoreException extends IOException {
    public TransientStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
