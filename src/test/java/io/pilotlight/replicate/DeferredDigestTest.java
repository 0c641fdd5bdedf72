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

    @Test
    void everySegmentReusedGivesTheParentsDigestWithoutComputingOne() {
        List<Segment> segments = segments(40, 3);
        DeferredDigest deferred = new DeferredDigest(size(segments), GRAIN, Optional.of(PARENT));
        segments.forEach(segment -> deferred.add(segment, true));
        assertThat(deferred.finish()).isEqualTo(PARENT);
    }

    @Test
    void aChangedSegmentAfterHeldZeroRunsAndDataSegmentsGivesTheDigestOfEveryGrain() {
        for (int changed : new int[] {0, 5, 39}) {
            for (int dataEvery : new int[] {2, 3, 50}) { // 20 data segments: past the bound of 16
                List<Segment> segments = segments(40, dataEvery);
                DeferredDigest deferred = new DeferredDigest(size(segments), GRAIN, Optional.of(PARENT));
                for (int s = 0; s < segments.size(); s++) {
                    deferred.add(segments.get(s), s != changed);
                }
                assertThat(deferred.finish()).as("changed %d, data every %d", changed, dataEvery)
                        .isEqualTo(plain(segments));
            }
        }
    }

    @Test
    void withoutAParentDigestEverySegmentIsAddedAsUsual() {
        List<Segment> segments = segments(10, 2);
        DeferredDigest deferred = new DeferredDigest(size(segments), GRAIN, Optional.empty());
        segments.forEach(segment -> deferred.add(segment, true));
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
