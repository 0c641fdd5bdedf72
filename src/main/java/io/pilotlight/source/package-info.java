/**
 * Changed-block sources: a disk's size, what changed since a token, and reads. The {@code file:}
 * source (raw images, block devices) does a hash-compare full pass; QEMU dirty bitmaps and vSphere
 * CBT come next. Knows nothing of repositories or object stores.
 */
package io.pilotlight.source;
