package io.pilotlight.repo;

import java.time.Instant;

/** The repository's fixed parameters, written once by {@code init}. */
public record RepoConfig(int format, String id, Instant created, int grainSize, int chunkGrains,
        int segmentGrains, int packTargetBytes) {}
