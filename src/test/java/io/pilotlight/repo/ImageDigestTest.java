package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bulk paths of {@link ImageDigest} give the digest of docs/design.md §7, grain by grain. */
class ImageDigestTest {
    private static final int GRAIN = 4096;

    @Test
    void aSegmentAtOnceEqualsItsGrainsOneByOneIncludingAShortLastZeroGrain() {
        long size = 3L * GRAIN * 10 - 100; // 30 grains, the last one short; segments of 10
        Random random = new Random(5);
        ImageDigest bulk = new ImageDigest(size, GRAIN);
        ImageDigest single = new ImageDigest(size, GRAIN);
        for (int s = 0; s < 3; s++) {
            Segment segment = Segment.zeros(10);
            Hash chunk = Hash.of(new byte[] {(byte) s});
            for (int g = 0; g < 10; g++) {
                if (random.nextBoolean() && !(s == 2 && g == 9)) {
                    byte[] hash = new byte[Hash.LENGTH];
                    random.nextBytes(hash);
                    segment.setData(g, chunk, g, hash, 0);
                }
            }
            bulk.addSegment(segment);
            for (int g = 0; g < 10; g++) {
                if (segment.isZero(g)) {
                    single.addZeroGrain();
                } else {
                    byte[] hash = new byte[Hash.LENGTH];
                    segment.copyHash(g, hash, 0);
                    single.addGrain(hash, 0);
                }
            }
        }
        assertThat(bulk.finish()).isEqualTo(single.finish());
    }

    @Test
    void zeroGrainsInBulkEqualZeroGrainsOneByOneAcrossRunsAndAShortLastGrain() {
        long size = 10_000L * GRAIN + 1; // 10,001 grains, the last of 1 byte
        ImageDigest bulk = new ImageDigest(size, GRAIN);
        ImageDigest single = new ImageDigest(size, GRAIN);
        byte[] hash = Hash.of(new byte[] {1, 2, 3}).hex().substring(0, Hash.LENGTH).getBytes();
        bulk.addGrain(hash, 0);
        single.addGrain(hash, 0);
        bulk.addZeroGrains(0);
        bulk.addZeroGrains(5000);
        bulk.addZeroGrains(5000);
        for (int g = 1; g < 10_001; g++) {
            single.addZeroGrain();
        }
        assertThat(bulk.finish()).isEqualTo(single.finish());
    }

    @Test
    void zeroSegmentsAddedAtOnceEqualTheirGrainsOneByOneWhateverEditsMadeThemZero() throws Exception {
        long size = 4L * GRAIN * 10 - 100; // 40 grains, the last one short; segments of 10
        byte[] hash = new byte[Hash.LENGTH];
        new Random(7).nextBytes(hash);
        Hash chunk = Hash.of(new byte[] {9});
        Segment fresh = Segment.zeros(10);
        Segment cleared = Segment.zeros(10);
        cleared.setData(4, chunk, 0, hash, 0);
        cleared.setData(4, chunk, 1, hash, 0);
        cleared.setZero(4);
        Segment data = Segment.zeros(10);
        data.setData(3, chunk, 0, hash, 0);
        data.setZero(5); // a zero grain made zero again: the segment still holds data
        Segment decoded = Segment.decode("test", Segment.zeros(10).encode(), 10, 10);
        assertThat(fresh.allZero()).isTrue();
        assertThat(cleared.allZero()).isTrue();
        assertThat(decoded.allZero()).isTrue();
        assertThat(data.allZero()).isFalse();
        assertThat(Segment.decode("test", data.encode(), 10, 10).allZero()).isFalse();

        ImageDigest bulk = new ImageDigest(size, GRAIN);
        ImageDigest single = new ImageDigest(size, GRAIN);
        for (Segment segment : new Segment[] {fresh, data, cleared, decoded}) {
            bulk.addSegment(segment);
            for (int g = 0; g < 10; g++) {
                if (segment.isZero(g)) {
                    single.addZeroGrain();
                } else {
                    single.addGrain(hash, 0);
                }
            }
        }
        assertThat(bulk.finish()).isEqualTo(single.finish());
    }
}
