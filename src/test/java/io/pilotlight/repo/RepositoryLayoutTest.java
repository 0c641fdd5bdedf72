package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The keys of docs/design.md §2, and the names and ids inside them. */
class RepositoryLayoutTest {
    private static final String ID = "20260101-000000000-0a0b";

    @Test
    void everyObjectLivesUnderTheKeyTheFormatGivesIt() {
        Hash pack = Hash.of("pack".getBytes(StandardCharsets.UTF_8));
        byte[] payload = "index".getBytes(StandardCharsets.UTF_8);
        assertThat(RepositoryLayout.CONFIG).isEqualTo("config");
        assertThat(RepositoryLayout.packKey(pack)).isEqualTo("data/" + pack.hex().substring(0, 2) + "/" + pack.hex());
        assertThat(RepositoryLayout.indexKey(payload)).isEqualTo("index/" + Hash.of(payload).hex());
        assertThat(RepositoryLayout.pointKey("d1", ID)).isEqualTo("points/d1/" + ID);
        assertThat(RepositoryLayout.groupKey("vm1", ID)).isEqualTo("groups/vm1/" + ID);
        assertThat(RepositoryLayout.diskLockKey("d1")).isEqualTo("locks/d1");
        assertThat(RepositoryLayout.groupLockKey("vm1")).isEqualTo("locks/_groups/vm1");
    }

    @Test
    void aPointKeyNamesItsOwner() {
        assertThat(RepositoryLayout.owner(RepositoryLayout.pointKey("d1", ID))).contains("d1");
        assertThat(RepositoryLayout.owner(RepositoryLayout.groupKey("vm1", ID))).contains("vm1");
        assertThat(RepositoryLayout.owner("points/d1")).isEmpty();
        assertThat(RepositoryLayout.owner("points/d1/" + ID + "/more")).isEmpty();
    }

    @Test
    void lockKeysTakeOnlyValidNames() {
        assertThatThrownBy(() -> RepositoryLayout.diskLockKey("_groups"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("disk name '_groups': must match");
        assertThatThrownBy(() -> RepositoryLayout.groupLockKey("a/b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("group name 'a/b': must match");
    }

    @Test
    void aNewPointIdSortsAfterItsParentEvenWhenTheClockIsBehind() {
        Instant time = Instant.parse("2026-01-01T00:00:00.123456Z");
        assertThat(RepositoryLayout.newPointId(time, Optional.empty())).matches("20260101-000000123-[0-9a-f]{4}");
        assertThat(RepositoryLayout.newPointId(time, Optional.of("20260101-000000500-ffff")))
                .matches("20260101-000000501-[0-9a-f]{4}");
    }
}
