package io.pilotlight.nbd;

/**
 * A run of bytes with one set of block-status flags, as the server sent them for one meta context.
 * For {@code base:allocation}: bit 0 hole, bit 1 reads as zeroes. For {@code qemu:dirty-bitmap:NAME}:
 * bit 0 dirty.
 */
public record NbdExtent(long offset, long length, int flags) {
    public static final int ALLOCATION_HOLE = 1;
    public static final int ALLOCATION_ZERO = 2;
    public static final int DIRTY = 1;

    public NbdExtent {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("extent at " + offset + " of length " + length
                    + ": offset must be ≥ 0 and length > 0");
        }
    }

    public long end() {
        return offset + length;
    }
}
