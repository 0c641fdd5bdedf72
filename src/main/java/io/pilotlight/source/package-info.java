/**
 * Changed-block sources: a disk's size, what changed since a token, and reads. The {@code file:}
 * source ({@link io.pilotlight.source.FileSource}: raw images, block devices) tracks nothing and
 * always reports a {@link io.pilotlight.source.FullPass}, which the pipeline turns into a
 * hash-compare against the parent point; QEMU dirty bitmaps and vSphere CBT come next, added as
 * schemes in {@link io.pilotlight.source.SourceUri}. Knows nothing of repositories or object stores.
 */
package io.pilotlight.source;
