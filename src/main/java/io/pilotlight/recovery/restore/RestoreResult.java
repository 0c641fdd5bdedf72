package io.pilotlight.recovery.restore;

import java.nio.file.Path;

/**
 * What a restore wrote: the file, the disk and point, its size, bytes written (data, not holes), and
 * the proven digest.
 */
public record RestoreResult(Path target, String disk, String point, long diskSize, long dataBytes, String digest,
        long durationMillis) {}
