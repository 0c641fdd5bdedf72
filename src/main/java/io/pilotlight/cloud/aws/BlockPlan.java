package io.pilotlight.cloud.aws;

import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.Segment;
import java.io.IOException;
import java.util.BitSet;

/**
 * Which 512 KiB EBS blocks a snapshot of a restore point must write, decided from the points' maps
 * alone (no data read). A first snapshot writes every block holding a data grain (a block never
 * written reads as zeros), or, encrypted, every block of the volume (a block never written reads as
 * random bytes, coldsnap#395). A snapshot on a parent writes each block holding a grain whose
 * content (zero, or its SHA-256) differs between the two points, zeros included; encrypted, also
 * every block the parent's volume did not have.
 */
public final class BlockPlan {
    public static final int BLOCK_SIZE = 524288;
    private static final long GIB = 1L << 30;

    private final long volumeSizeGib;
    private final BitSet blocks;

    private BlockPlan(long volumeSizeGib, BitSet blocks) {
        this.volumeSizeGib = volumeSizeGib;
        this.blocks = blocks;
    }

    /** The EBS volume size a disk of {@code diskSize} bytes needs, in GiB (at least 1). */
    public static long volumeSizeGib(long diskSize) {
        return Math.max(1, (diskSize + GIB - 1) / GIB);
    }

    /** Blocks of a volume of {@code gib} GiB. */
    static int volumeBlocks(long gib) {
        return Math.toIntExact(gib * GIB / BLOCK_SIZE);
    }

    /** The plan of a first snapshot of {@code point}. */
    public static BlockPlan full(Repository repository, Manifest point, boolean encrypted) throws IOException {
        long gib = volumeSizeGib(point.diskSize());
        BitSet blocks = new BitSet();
        if (encrypted) {
            blocks.set(0, volumeBlocks(gib));
        } else {
            for (int s = 0; s < point.segments().size(); s++) {
                Segment segment = repository.readSegment(point, s);
                for (int g = 0; g < segment.grains(); g++) {
                    if (!segment.isZero(g)) {
                        mark(blocks, point, (long) s * point.segmentGrains() + g);
                    }
                }
            }
        }
        return new BlockPlan(gib, blocks);
    }

    /** The plan of a snapshot of {@code point} on the snapshot of {@code parent} (a volume of {@code parentGib}). */
    public static BlockPlan incremental(Repository repository, Manifest parent, long parentGib, Manifest point,
            boolean encrypted) throws IOException {
        if (parent.grainSize() != point.grainSize() || parent.segmentGrains() != point.segmentGrains()) {
            throw new IllegalArgumentException("points " + parent.id() + " and " + point.id() + " of " + point.disk()
                    + " have different grain or segment sizes: sync " + point.id() + " as a full snapshot");
        }
        long gib = Math.max(parentGib, volumeSizeGib(point.diskSize()));
        BitSet blocks = new BitSet();
        int segments = Math.max(parent.segments().size(), point.segments().size());
        for (int s = 0; s < segments; s++) {
            boolean inParent = s < parent.segments().size();
            boolean inPoint = s < point.segments().size();
            if (inParent && inPoint && parent.segments().get(s).equals(point.segments().get(s))) {
                continue;
            }
            Segment before = inParent ? repository.readSegment(parent, s) : Segment.zeros(point.grainsIn(s));
            Segment after = inPoint ? repository.readSegment(point, s) : Segment.zeros(parent.grainsIn(s));
            compare(blocks, point, s, before, after);
        }
        if (encrypted && gib > parentGib) {
            blocks.set(volumeBlocks(parentGib), volumeBlocks(gib));
        }
        return new BlockPlan(gib, blocks);
    }

    private static void compare(BitSet blocks, Manifest point, int s, Segment before, Segment after) {
        byte[] hash = new byte[32];
        int grains = Math.max(before.grains(), after.grains());
        for (int g = 0; g < grains; g++) {
            boolean beforeZero = g >= before.grains() || before.isZero(g);
            boolean afterZero = g >= after.grains() || after.isZero(g);
            boolean changed;
            if (beforeZero || afterZero) {
                changed = beforeZero != afterZero;
            } else {
                after.copyHash(g, hash, 0);
                changed = !before.hasHash(g, hash, 0);
            }
            if (changed) {
                mark(blocks, point, (long) s * point.segmentGrains() + g);
            }
        }
    }

    /** Marks the blocks grain {@code grain} overlaps (one, or several for grains over 512 KiB). */
    private static void mark(BitSet blocks, Manifest point, long grain) {
        long start = grain * point.grainSize();
        long end = start + point.grainSize() - 1;
        blocks.set(Math.toIntExact(start / BLOCK_SIZE), Math.toIntExact(end / BLOCK_SIZE) + 1);
    }

    public long volumeSizeGib() {
        return volumeSizeGib;
    }

    /** The blocks to write, ascending. */
    public long[] blocks() {
        return blocks.stream().asLongStream().toArray();
    }

    public int size() {
        return blocks.cardinality();
    }
}
