package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A delete marker that is the current version of {@code key} in a versioned bucket: the key looks
 * deleted, but {@code hiddenVersion} (the newest real version under it, if any) is still stored, with
 * {@code hiddenRetention} (its Object Lock, if any). Removing the marker makes that version current again.
 */
public record DeleteMarker(String key, String markerVersion, Optional<String> hiddenVersion,
        Optional<ObjectRetention> hiddenRetention) {
    public DeleteMarker {
        requireNonNull(key, "key is null");
        requireNonNull(markerVersion, "markerVersion is null");
        requireNonNull(hiddenVersion, "hiddenVersion is null");
        requireNonNull(hiddenRetention, "hiddenRetention is null");
    }
}
