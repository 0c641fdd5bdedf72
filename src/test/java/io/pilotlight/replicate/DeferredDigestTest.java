package io.pilotlight.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.repo.Hash;
import io.pilotlight.repo.ImageDigest;
import io.pilotlight.repo.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link DeferredDigest}: the parent's digest only when every segment is reused, else the real one. */
class DeferredDigestTest {
    private static final int GRAIN = 4096;
    private static final int SEGMENT_GRAINS = 8;
    private static final Hash PARENT = Hash.of(new byte[] {42});
    private static final DeferredDigest.ParentSegments NO_PARENT = index -> {
        throw new AssertionError("parent segment " + index + " read");
    };

    @Test
    void everySegmentReusedGivesTheParentsDigestWithoutComputingOne() throws Exception {
        List<Segment> segments = segments(40, 3);
        DeferredDigest deferred = new DeferredDigest(size(segments), GRAIN, Optional.of(PARENT), NO_PARENT);
        for (Segment segment : segments) {
            deferred.add(segment, true);
        }
        assertThat(deferred.finish()).isEqualTo(PARENT);
    }

    @Test
    void aChangedSegmentAfterHeldZeroRunsAndDataSegmentsGivesTheDigestOfEveryGrain() throws Exception {
        for (int changed : new int[] {0, 5, 39}) {
            for (int dataEvery : new int[] {2, 3, 50}) { // 20 data segments: past the bound of 16
                List<Segment> segments = segments(40, dataEvery);
                DeferredDigest deferred = new DeferredDigest(size(segments), GRAIN, Optional.of(PARENT), NO_PARENT);
                for (int s = 0; s < segments.size(); s++) {
                    deferred.add(segments.get(s), s != changed);
                }
                assertThat(deferred.finish()).as("changed %d, data every %d", changed, dataEvery)
                        .isEqualTo(plain(segments));
            }
        }
    }

    @Test
    void segmentsReusedByIndexAreReadFromTheParentOnlyWhenADigestIsNeeded() throws Exception {
        List<Segment> segments = segments(40, 3);
        for (int changed : new int[] {-1, 0, 20, 39}) {
            List<Integer> read = new ArrayList<>();
            DeferredDigest deferred = new DeferredDigest(size(segments), GRAIN, Optional.of(PARENT), index -> {
                read.add(index);
                return segments.get(index);
            });
            for (int s = 0; s < segments.size(); s++) {
                if (s == changed) {
                    deferred.add(segments.get(s), false);
                } else {
                    deferred.addReused(s, SEGMENT_GRAINS, segments.get(s).allZero());
                }
            }
            Hash expected = changed < 0 ? PARENT : plain(segments);
            assertThat(deferred.finish()).as("changed %d", changed).isEqualTo(expected);
            assertThat(read).as("changed %d", changed).hasSize(changed < 0 ? 0 : 13 - (changed % 3 == 1 ? 1 : 0))
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void withoutAParentDigestEverySegmentIsAddedAsUsual() throws Exception {
        List<Segment> segments = segments(10, 2);
        DeferredDigest deferred = new DeferredDigest(size(segments), GRAIN, Optional.empty(), NO_PARENT);
        for (Segment segment : segments) {
            deferred.add(segment, true);
        }
        assertThat(deferred.finish()).isEqualTo(plain(segments));
    }

    /** {@code count} segments, every {@code dataEvery}-th holding some data grains, the rest zero. */
    private static List<Segment> segments(int count, int dataEvery) {
        Random random = new Random(count * 31L + dataEvery);
        List<Segment> segments = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            Segment segment = Segment.zeros(SEGMENT_GRAINS);
            if (s % dataEvery == 1) {
                for (int g = 0; g < SEGMENT_GRAINS; g += 3) {
                    byte[] hash = new byte[Hash.LENGTH];
                    random.nextBytes(hash);
                    segment.setData(g, Hash.of(new byte[] {(byte) s}), g, hash, 0);
                }
            }
            segments.add(segment);
        }
        return segments;
    }

    private static long size(List<Segment> segments) {
        return (long) segments.size() * SEGMENT_GRAINS * GRAIN - 100; // a short last grain
    }

    private static Hash plain(List<Segment> segments) {
        ImageDigest digest = new ImageDigest(size(segments), GRAIN);
        segments.forEach(digest::addSegment);
        return digest.finish();
    }
}
