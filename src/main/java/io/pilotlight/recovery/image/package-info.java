/**
 * Images as recovery targets: raw files and block devices ({@link io.pilotlight.recovery.image.RawImage},
 * {@link io.pilotlight.recovery.image.TargetFile}), the claim a restore or export takes on a path
 * (temp file beside it, rename when done, refuse to overwrite without force), the lock that keeps a
 * second writer away, and the parallel grain writers every restore path shares. Knows nothing of
 * restore, follow, serve or export.
 */
package io.pilotlight.recovery.image;
