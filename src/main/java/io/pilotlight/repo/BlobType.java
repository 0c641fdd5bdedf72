package io.pilotlight.repo;

/** What a blob in a pack holds. */
public enum BlobType {
    /** A chunk: a run of grains of a disk. */
    DATA(1),
    /** A map segment: which chunk holds each grain of a range of a disk, and each grain's hash. */
    SEGMENT(2);

    final int code;

    BlobType(int code) {
        this.code = code;
    }

    static BlobType of(int code) {
        for (BlobType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
