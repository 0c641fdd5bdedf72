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
    private byte[] gathered = new byte[0];
    /** {@link #ZERO_RUN_GRAINS} copies of the zero grain's hash, made on first use. */
    private byte[] zeroRun = new byte[0];
    private static final int ZERO_RUN_GRAINS = 4096;

    public ImageDigest(long diskSize, int grainSize) {
        this.diskSize = diskSize;
        this.grainSize = grainSize;
        this.zeroGrainHash = zeroHash(grainSize);
    }

    /** Hash of {@code length} zero bytes. */
    public static byte[] zeroHash(int length) {
        MessageDigest digest = Hash.sha256();
        byte[] zeros = new byte[length];
        Hash.update(digest, zeros, 0, length);
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

    /**
     * Adds the next {@code count} grains, all zeros, in updates of many grains at once (the holes of
     * a 2 TiB image are 32 Mi grains of 64 KiB).
     */
    public void addZeroGrains(long count) {
        long end = Math.min(nextGrain + count, (diskSize + grainSize - 1) / grainSize);
        long full = Math.max(nextGrain, Math.min(end, diskSize / grainSize)) - nextGrain;
        if (full > 0 && zeroRun.length == 0) {
            zeroRun = new byte[ZERO_RUN_GRAINS * Hash.LENGTH];
            for (int i = 0; i < ZERO_RUN_GRAINS; i++) {
                System.arraycopy(zeroGrainHash, 0, zeroRun, i * Hash.LENGTH, Hash.LENGTH);
            }
        }
        for (long left = full; left > 0; left -= ZERO_RUN_GRAINS) {
            digest.update(zeroRun, 0, (int) Math.min(left, ZERO_RUN_GRAINS) * Hash.LENGTH);
        }
        nextGrain += full;
        while (nextGrain < end) {
            addZeroGrain();
        }
    }

    /**
     * Adds every grain of {@code segment} in order: the grains' hashes gathered into one buffer and
     * hashed in one update (a segment of a 2 TiB disk's 32 Mi grains costs one call, not 16 Ki); a
     * segment of zero grains is added as a run of zero grains, without a pass over its grains.
     */
    public void addSegment(Segment segment) {
        if (segment.allZero()) {
            addZeroGrains(segment.grains());
            return;
        }
        byte[] hashes = segment.hashBytes();
        int grains = segment.grains();
        if (gathered.length < grains * Hash.LENGTH) {
            gathered = new byte[grains * Hash.LENGTH];
        }
        int length = 0;
        for (int g = 0; g < grains; g++) {
            long start = (nextGrain + g) * grainSize;
            byte[] from = segment.isZero(g) ? zeroGrainHash : hashes;
            int at = segment.isZero(g) ? 0 : g * Hash.LENGTH;
            if (segment.isZero(g) && diskSize - start < grainSize) {
                from = zeroHash((int) (diskSize - start));
            }
            System.arraycopy(from, at, gathered, length, Hash.LENGTH);
            length += Hash.LENGTH;
        }
        Hash.update(digest, gathered, 0, length);
        nextGrain += grains;
    }

    public Hash finish() {
        long expected = (diskSize + grainSize - 1) / grainSize;
        if (nextGrain != expected) {
            throw new IllegalStateException("image digest got " + nextGrain + " grains of " + expected);
        }
        return Hash.finish(digest);
    }
}
