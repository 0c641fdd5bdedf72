package io.pilotlight.replicate;

/**
 * Tuning of a replicate run.
 *
 * @param workers threads that hash and compress
 * @param uploads packs uploaded at once
 */
public record ReplicateOptions(int workers, int uploads) {
    public static ReplicateOptions defaults() {
        return new ReplicateOptions(Math.max(1, Runtime.getRuntime().availableProcessors()), 2);
    }
}
