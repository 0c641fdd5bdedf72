package io.pilotlight.progress;

/**
 * Receives progress of long work (replicate, restore, verify). Calls may come from several threads;
 * implementations must be thread-safe, fast, and must never throw.
 */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {};

    /** A new phase begins; {@code totalBytes} is its size, or -1 when unknown. */
    default void phase(String name, long totalBytes) {}

    /** {@code bytes} more of the current phase are done. */
    default void advance(long bytes) {}

    /** A warning worth showing to the user (it is also recorded where it matters). */
    default void warn(String message) {}
}
