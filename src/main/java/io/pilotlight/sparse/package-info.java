/**
 * Holes in sparse files: punch a hole over a range (Linux {@code fallocate} with
 * {@code FALLOC_FL_PUNCH_HOLE}) and find data and holes ({@code lseek} with {@code SEEK_DATA} and
 * {@code SEEK_HOLE}), through JNA because Java 17 can do neither. Where the platform or the file
 * system cannot, the same calls fall back to writing zeros and to treating the whole file as data,
 * and say why once. Used by {@code target} (follow, restore, digests) and later by {@code source};
 * depends on nothing else of pilotlight.
 */
package io.pilotlight.sparse;
