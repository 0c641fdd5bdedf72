package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader could read of a set of objects, and what it could not: the readable ones in order,
 * and each unreadable one by id with the reason (a damaged object never hides the others).
 */
public record Readable<T>(List<T> read, Map<String, String> unreadable) {
    public Readable {
        read = List.copyOf(requireNonNull(read, "read is null"));
        unreadable = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(unreadable, "unreadable is null")));
    }

    public boolean complete() {
        return unreadable.isEmpty();
    }
}
