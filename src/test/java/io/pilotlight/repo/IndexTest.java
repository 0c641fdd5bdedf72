package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexTest {
    @Test
    void findsEveryBlobAddedAcrossGrowthAndNothingElse() {
        Index index = new Index();
        List<PackEntry> all = new ArrayList<>();
        for (int p = 0; p < 50; p++) {
            List<PackEntry> entries = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Hash id = Hash.of(("blob " + p + "/" + i).getBytes());
                entries.add(new PackEntry(id, i % 2 == 0 ? BlobType.DATA : BlobType.SEGMENT, i % 2, i * 10, i, i + 1));
            }
            index.addPack(Hash.of(("pack " + p).getBytes()), entries);
            all.addAll(entries);
        }
        assertThat(index.size()).isEqualTo(10_000);
        assertThat(index.packs()).hasSize(50);
        for (int i = 0; i < all.size(); i++) {
            PackEntry entry = all.get(i);
            Index.Location location = index.find(entry.id()).orElseThrow();
            assertThat(location.entry()).isEqualTo(entry);
            assertThat(location.pack()).isEqualTo(Hash.of(("pack " + i / 200).getBytes()));
        }
        assertThat(index.contains(Hash.of("absent".getBytes()))).isFalse();
        assertThat(index.find(Hash.of("absent".getBytes()))).isEmpty();
    }

    @Test
    void aBlobInTwoPacksKeepsItsFirstPlace() {
        Index index = new Index();
        Hash id = Hash.of("x".getBytes());
        index.addPack(Hash.of("p1".getBytes()), List.of(new PackEntry(id, BlobType.DATA, 1, 0, 5, 9)));
        index.addPack(Hash.of("p2".getBytes()), List.of(new PackEntry(id, BlobType.DATA, 1, 7, 5, 9)));
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.find(id).orElseThrow().pack()).isEqualTo(Hash.of("p1".getBytes()));
    }
}
