package io.pilotlight.report;

/** Bytes moved: read from the source, found changed, stored in the repository (after dedup and compression). */
public record Bytes(long read, long changed, long stored) {
    public static final Bytes NONE = new Bytes(0, 0, 0);

    public Bytes {
        if (read < 0 || changed < 0 || stored < 0) {
            throw new IllegalArgumentException("byte counts must not be negative: read " + read + ", changed "
                    + changed + ", stored " + stored);
        }
    }

    public Bytes plus(Bytes other) {
        return new Bytes(read + other.read, changed + other.changed, stored + other.stored);
    }
}
