package io.pilotlight.repo;

import java.util.Optional;

/** Something wrong with a pack, or with one blob in it ({@code blob} present). */
public record BlobFault(Optional<Hash> blob, String packKey, String message) {}
