package io.pilotlight.source;

/** A byte range of a disk: {@code [offset, offset + length)}. */
public record Extent(long offset, long length) {
    public Extent {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("extent at " + offset + " of length " + length
                    + ": offset must be >= 0 and length > 0");
        }
    }

    public long end() {
        return offset + length;
    }
}
