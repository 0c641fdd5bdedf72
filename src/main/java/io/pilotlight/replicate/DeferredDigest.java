package io.pilotlight.replicate;

import io.pilotlight.repo.Hash;
import io.pilotlight.repo.ImageDigest;
import io.pilotlight.repo.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The new point's image digest (docs/design.md §7), not computed while every segment so far is the
 * parent's by id: when all of them are, the image is the parent's and so is its digest (the digest
 * is a function of the segments' contents, of which the ids are hashes, and of the disk size, which
 * the caller checks is the same). Until the first changed segment the reused ones are held (an
 * all-zero run as a count, others up to {@link #HELD_SEGMENTS}); past that bound, or at the first
 * changed segment, they are added in order and the digest is computed as usual.
 */
final class DeferredDigest {
    /** Non-zero reused segments held at most (about 640 KiB of heap each at 16 Ki grains). */
    static final int HELD_SEGMENTS = 16;

    private final ImageDigest digest;
    private final Optional<Hash> parentDigest;
    /** Held, in disk order: a Segment, or a Long count of zero grains. */
    private final List<Object> held = new ArrayList<>();
    private int heldSegments;
    private boolean deferring;

    /** {@code parentDigest}: the parent's digest when the disk, grain and segment sizes are its. */
    DeferredDigest(long diskSize, int grainSize, Optional<Hash> parentDigest) {
        this.digest = new ImageDigest(diskSize, grainSize);
        this.parentDigest = parentDigest;
        this.deferring = parentDigest.isPresent();
    }

    /** Adds the next segment; {@code reused}: it is the parent's segment at this place, by id. */
    void add(Segment segment, boolean reused) {
        if (deferring && reused) {
            if (segment.allZero()) {
                int last = held.size() - 1;
                long before = last >= 0 && held.get(last) instanceof Long count ? count : 0;
                if (before > 0) {
                    held.remove(last);
                }
                held.add(before + segment.grains());
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

    Hash finish() {
        if (deferring) {
            return parentDigest.orElseThrow();
        }
        return digest.finish();
    }

    private void flush() {
        deferring = false;
        for (Object entry : held) {
            if (entry instanceof Long zeros) {
                digest.addZeroGrains(zeros);
            } else {
                digest.addSegment((Segment) entry);
            }
        }
        held.clear();
    }
}
