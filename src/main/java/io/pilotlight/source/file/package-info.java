/**
 * The {@code file:} source: a raw image or a block device, which tracks nothing and always reports a
 * full pass; the pipeline turns it into a hash-compare against the parent point. Holes of sparse files
 * are found with {@code SEEK_HOLE} and not read; a block device's size and logical block size come
 * from {@code /sys/class/block}.
 */
package io.pilotlight.source.file;
