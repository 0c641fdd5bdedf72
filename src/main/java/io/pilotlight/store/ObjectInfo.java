package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

/** An object's key and size in bytes. */
public record ObjectInfo(String key, long size) {
    public ObjectInfo {
        requireNonNull(key, "key is null");
        if (size < 0) {
            throw new IllegalArgumentException("object " + key + ": size " + size + " is negative");
        }
    }
}
