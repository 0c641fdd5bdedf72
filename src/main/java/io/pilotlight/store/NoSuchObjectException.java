package io.pilotlight.store;

import java.io.IOException;

/** The object asked for does not exist. */
public final class NoSuchObjectException extends IOException {
    private final String key;

    public NoSuchObjectException(String location, String key) {
        super("object " + key + " not found in " + location);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
