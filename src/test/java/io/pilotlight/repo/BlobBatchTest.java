package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlobBatchTest {
    private static final Hash PACK_A = Hash.of("a".getBytes());
    private static final Hash PACK_B = Hash.of("b".getBytes());

    private static Index.Location at(Hash pack, String name, int offset, int length) {
        return new Index.Location(pack, new PackEntry(Hash.of(name.getBytes()), BlobType.DATA, 0, offset, length,
                length));
    }

    @Test
    void neighboursInOnePackShareOneRead() {
        List<BlobBatch> batches = BlobBatch.plan(List.of(at(PACK_A, "2", 100, 50), at(PACK_A, "1", 0, 100),
                at(PACK_B, "3", 0, 10)), 1 << 20);

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).ids()).containsExactly(Hash.of("1".getBytes()), Hash.of("2".getBytes()));
        assertThat(batches.get(0).start()).isZero();
        assertThat(batches.get(0).length()).isEqualTo(150);
        assertThat(batches.get(0).packKey()).isEqualTo(RepositoryLayout.packKey(PACK_A));
        assertThat(batches.get(1).ids()).containsExactly(Hash.of("3".getBytes()));
    }

    @Test
    void aWideGapOrTheSizeLimitStartsANewRead() {
        List<Index.Location> blobs = new ArrayList<>();
        blobs.add(at(PACK_A, "1", 0, 100));
        blobs.add(at(PACK_A, "2", 100 + BlobBatch.MAX_GAP + 1, 100));
        for (int i = 0; i < 10; i++) {
            blobs.add(at(PACK_B, "b" + i, i * 1000, 1000));
        }
        List<BlobBatch> batches = BlobBatch.plan(blobs, 4000);

        assertThat(batches).extracting(b -> b.ids().size()).containsExactly(1, 1, 4, 4, 2);
        assertThat(batches).allSatisfy(b -> assertThat(b.length()).isLessThanOrEqualTo(4000));
    }

    @Test
    void aBlobLargerThanTheLimitIsReadAlone() {
        List<BlobBatch> batches = BlobBatch.plan(List.of(at(PACK_A, "big", 0, 10_000), at(PACK_A, "small", 10_000, 5)),
                4000);

        assertThat(batches).extracting(b -> b.ids().size()).containsExactly(1, 1);
    }
}
