package io.pilotlight.schedule;

/** Bytes a run moved: read from the source, found changed, stored (after dedup and compression), sent. */
public record ByteCounts(long read, long changed, long stored, long sent) {
    public static final ByteCounts NONE = new ByteCounts(0, 0, 0, 0);

    public ByteCounts {
        if (read < 0 || changed < 0 || stored < 0 || sent < 0) {
            throw new IllegalArgumentException("byte counts must not be negative: read " + read + ", changed "
                    + changed + ", stored " + stored + ", sent " + sent);
        }
    }
}
