package io.pilotlight.vsphere;

/** A byte range of a virtual disk that CBT reports: {@code [start, start + length)}. */
public record DiskArea(long start, long length) {
    public DiskArea {
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException("disk area at " + start + " of length " + length + " is negative");
        }
    }

    public long end() {
        return start + length;
    }
}
