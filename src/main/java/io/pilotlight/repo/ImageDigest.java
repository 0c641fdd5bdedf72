package io.pilotlight.repo;

import java.security.MessageDigest;

/**
 * The whole-image digest of a restore point: SHA-256 over the SHA-256 of every grain in disk order
 * (the last grain hashed over its real, possibly shorter, length; zero grains over their zeros).
 * Anyone can compute it from a raw image: {@code pilotlight digest FILE}, or the shell line in
 * docs/design.md §7.
 */
public final class ImageDigest {
    private final long diskSize;
    private final int grainSize;
    private final byte[] zeroGrainHash;
    private final MessageDigest digest = Hash.sha256();
    private long nextGrain;

    public ImageDigest(long diskSize, int grainSize) {
        this.diskSize = diskSize;
        this.grainSize = grainSize;
        this.zeroGrainHash = zeroHash(grainSize);
    }

    /** Hash of {@code length} zero bytes. */
    public static byte[] zeroHash(int length) {
        MessageDigest digest = Hash.sha256();
        digest.update(new byte[length]);
        return digest.digest();
    }

    /** Adds the next grain, whose SHA-256 is at {@code offset} of {@code hash}. */
    public void addGrain(byte[] hash, int offset) {
        digest.update(hash, offset, Hash.LENGTH);
        nextGrain++;
    }

    /** Adds the next grain, which is all zeros. */
    public void addZeroGrain() {
        long start = nextGrain * grainSize;
        long length = Math.min(grainSize, diskSize - start);
        digest.update(length == grainSize ? zeroGrainHash : zeroHash((int) length));
        nextGrain++;
    }

    /** Adds every grain of {@code segment} in order. */
    public void addSegment(Segment segment) {
        byte[] hashes = segment.hashBytes();
        for (int g = 0; g < segment.grains(); g++) {
            if (segment.isZero(g)) {
                addZeroGrain();
            } else {
                addGrain(hashes, g * Hash.LENGTH);
            }
        }
    }

    public Hash finish() {
        long expected = (diskSize + grainSize - 1) / grainSize;
        if (nextGrain != expected) {
            throw new IllegalStateException("image digest got " + nextGrain + " grains of " + expected);
        }
        return Hash.finish(digest);
    }
}
