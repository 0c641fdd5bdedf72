package io.pilotlight.progress;

/**
 * Receives progress of long work (replicate, restore, verify). Calls may come from several threads;
 * implementations must be thread-safe, fast, and must never throw, with one exception: a caller that
 * wants the work to stop (the daemon, when it stops or reloads) may throw {@link
 * java.util.concurrent.CancellationException} from its own listener; the work then ends as it ends on
 * any failure, having released what it holds.
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
