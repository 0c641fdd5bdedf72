package io.pilotlight.replicate;

import io.pilotlight.repo.Hash;
import io.pilotlight.repo.ImageDigest;
import io.pilotlight.repo.Segment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The new point's image digest (docs/design.md §7), not computed while every segment so far is the
 * parent's by id: when all of them are, the image is the parent's and so is its digest (the digest
 * is a function of the segments' contents, of which the ids are hashes, and of the disk size, which
 * the caller checks is the same). Until the first changed segment the reused ones are held (an
 * all-zero run as a count, segments in hand up to {@link #HELD_SEGMENTS}, others by index); at the
 * first changed segment they are added in order (those held by index read again from the parent)
 * and the digest is computed as usual. A no-change cycle therefore needs no segment's content.
 */
final class DeferredDigest {
    /** Non-zero reused segments held in memory at most (about 640 KiB of heap each at 16 Ki grains). */
    static final int HELD_SEGMENTS = 16;

    /** Reads segment {@code index} of the parent, for a reused segment the caller did not hand over. */
    interface ParentSegments {
        Segment read(int index) throws IOException;
    }

    private final ImageDigest digest;
    private final Optional<Hash> parentDigest;
    private final ParentSegments parentSegments;
    /** Held, in disk order: a Segment, an Integer index of a parent segment, or a Long count of zero grains. */
    private final List<Object> held = new ArrayList<>();
    private int heldSegments;
    private boolean deferring;

    /** {@code parentDigest}: the parent's digest when the disk, grain and segment sizes are its. */
    DeferredDigest(long diskSize, int grainSize, Optional<Hash> parentDigest, ParentSegments parentSegments) {
        this.digest = new ImageDigest(diskSize, grainSize);
        this.parentDigest = parentDigest;
        this.parentSegments = parentSegments;
        this.deferring = parentDigest.isPresent();
    }

    /** Adds the next segment; {@code reused}: it is the parent's segment at this place, by id. */
    void add(Segment segment, boolean reused) throws IOException {
        if (deferring && reused) {
            if (segment.allZero()) {
                holdZeros(segment.grains());
                return;
            }
            if (heldSegments < HELD_SEGMENTS) {
                held.add(segment);
                heldSegments++;
                return;
            }
        }
        flush();
        digest.addSegment(segment);
    }

    /**
     * Adds the next segment, the parent's segment {@code index} by id, without its content:
     * {@code zero} when it is all zero ({@code grains} grains). Read from the parent only if the
     * digest turns out to be needed.
     */
    void addReused(int index, int grains, boolean zero) throws IOException {
        if (deferring) {
            if (zero) {
                holdZeros(grains);
            } else {
                held.add(index);
            }
        } else if (zero) {
            digest.addZeroGrains(grains);
        } else {
            digest.addSegment(parentSegments.read(index));
        }
    }

    Hash finish() {
        if (deferring) {
            return parentDigest.orElseThrow();
        }
        return digest.finish();
    }

    private void holdZeros(int grains) {
        int last = held.size() - 1;
        long before = last >= 0 && held.get(last) instanceof Long count ? count : 0;
        if (before > 0) {
            held.remove(last);
        }
        held.add(before + grains);
    }

    private void flush() throws IOException {
        deferring = false;
        for (Object entry : held) {
            if (entry instanceof Long zeros) {
                digest.addZeroGrains(zeros);
            } else if (entry instanceof Integer index) {
                digest.addSegment(parentSegments.read(index));
            } else {
                digest.addSegment((Segment) entry);
            }
        }
        held.clear();
    }
}
