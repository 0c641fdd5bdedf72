package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.store.InMemoryObjectStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listing points and group points, and naming one by {@code latest}, an id or a unique prefix. */
class PointCatalogTest {
    private static final String FIRST = "20260101-000000000-aaaa";
    private static final String SECOND = "20260102-000000000-bbbb";
    private static final String THIRD = "20260102-120000000-cccc";
    private static final String IDS = FIRST + ", " + SECOND + ", " + THIRD;

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private Repository repository;

    @BeforeEach
    void threePointsOfD1AndThreeGroupPointsOfVm1() throws Exception {
        repository = Repository.init(store, 65536);
        for (String id : List.of(FIRST, SECOND, THIRD)) {
            repository.commit(manifest("d1", id, digest(id)));
            repository.commitGroup(group("vm1", id, manifest("d1", id, digest(id))));
        }
    }

    @Test
    void aPointIsNamedByLatestAFullIdOrAUniquePrefix() throws Exception {
        assertThat(repository.manifest("d1", "latest").id()).isEqualTo(THIRD);
        assertThat(repository.manifest("d1", null).id()).isEqualTo(THIRD);
        assertThat(repository.manifest("d1", SECOND).id()).isEqualTo(SECOND);
        assertThat(repository.manifest("d1", "20260101").id()).isEqualTo(FIRST);
        assertThat(repository.point("d1", "20260102-12").id()).isEqualTo(THIRD);
        assertThat(repository.latest("d1").map(Manifest::id)).contains(THIRD);
        assertThat(repository.latest("d2")).isEmpty();
    }

    @Test
    void anUnknownOrAmbiguousPointNamesTheDiskAndListsItsPoints() {
        assertThatThrownBy(() -> repository.manifest("d1", "2027"))
                .isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RepositoryException.Kind.UNKNOWN_POINT))
                .hasMessage("point '2027' of disk d1 does not exist; points: " + IDS);
        assertThatThrownBy(() -> repository.manifest("d1", "20260102"))
                .isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RepositoryException.Kind.UNKNOWN_POINT))
                .hasMessage("point '20260102' of disk d1 is ambiguous (2 match); points: " + IDS);
        assertThatThrownBy(() -> repository.manifest("d2", "latest"))
                .isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RepositoryException.Kind.UNKNOWN_DISK))
                .hasMessage("disk d2 has no restore points in memory; disks: d1");
        assertThatThrownBy(() -> repository.manifest("D2", "latest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("disk name 'D2': must match [a-z0-9][a-z0-9._-]{0,63} (lower-case letters, digits,"
                        + " '.', '_', '-'; at most 64 characters)");
    }

    @Test
    void aGroupPointIsNamedTheSameWay() throws Exception {
        assertThat(repository.groupPoint("vm1", "latest").id()).isEqualTo(THIRD);
        assertThat(repository.groupPoint("vm1", null).id()).isEqualTo(THIRD);
        assertThat(repository.groupPoint("vm1", "20260101").id()).isEqualTo(FIRST);
        assertThat(repository.latestGroup("vm1").map(GroupPoint::id)).contains(THIRD);
        assertThat(repository.latestGroup("vm2")).isEmpty();
        assertThatThrownBy(() -> repository.groupPoint("vm1", "2027"))
                .isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RepositoryException.Kind.UNKNOWN_POINT))
                .hasMessage("group point '2027' of group vm1 does not exist; points: " + IDS);
        assertThatThrownBy(() -> repository.groupPoint("vm1", "20260102"))
                .hasMessage("group point '20260102' of group vm1 is ambiguous (2 match); points: " + IDS);
        assertThatThrownBy(() -> repository.groupPoint("vm2", "latest"))
                .isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RepositoryException.Kind.UNKNOWN_DISK))
                .hasMessage("group vm2 has no group points in memory; groups: vm1");
        assertThatThrownBy(() -> repository.groupPoint("VM2", "latest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group name 'VM2': must match [a-z0-9][a-z0-9._-]{0,63} (lower-case letters, digits,"
                        + " '.', '_', '-'; at most 64 characters)");
    }

    @Test
    void listingsAreSortedOldestFirst() throws Exception {
        repository.commit(manifest("a0", FIRST, digest("a0")));
        assertThat(repository.disks()).containsExactly("a0", "d1");
        assertThat(repository.groups()).containsExactly("vm1");
        assertThat(repository.groupIds("vm1")).containsExactly(FIRST, SECOND, THIRD);
        assertThat(repository.manifests("d1")).extracting(Manifest::id).containsExactly(FIRST, SECOND, THIRD);
        assertThat(repository.groupPoints("vm1")).extracting(GroupPoint::id).containsExactly(FIRST, SECOND, THIRD);
        assertThat(repository.points(Optional.empty())).extracting(PointInfo::disk)
                .containsExactly("a0", "d1", "d1", "d1");
        assertThat(repository.points(Optional.of("d1"))).extracting(PointInfo::id).containsExactly(FIRST, SECOND, THIRD);
    }

    @Test
    void aPointOrGroupPointIsCommittedOnce() {
        assertThatThrownBy(() -> repository.commit(manifest("d1", FIRST, digest(FIRST))))
                .isInstanceOf(IllegalStateException.class).hasMessage("restore point points/d1/" + FIRST + " already exists");
        assertThatThrownBy(() -> repository.commitGroup(group("vm1", FIRST, manifest("d1", FIRST, digest(FIRST)))))
                .isInstanceOf(IllegalStateException.class).hasMessage("group point groups/vm1/" + FIRST + " already exists");
    }

    @Test
    void aGroupPointNeedsEveryMemberCommittedAsItSays() {
        String id = "20260103-000000000-dddd";
        assertThatThrownBy(() -> repository.commitGroup(group("vm1", id, manifest("d1", FIRST, digest("other")))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("group vm1/" + id + ": member os does not match point d1/" + FIRST);
        assertThatThrownBy(() -> repository.commitGroup(group("vm1", id, manifest("d1", id, digest(id)))))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("points/d1/" + id);
    }

    @Test
    void aMemberIsCheckedAgainstTheDigestTheGroupNames() throws Exception {
        GroupPoint point = repository.groupPoint("vm1", SECOND);
        assertThat(repository.member(point, point.disks().get(0)).id()).isEqualTo(SECOND);
        GroupPoint.Member wrong = new GroupPoint.Member("os", "d1", SECOND, 65536, digest("other"));
        assertThatThrownBy(() -> repository.member(point, wrong)).isInstanceOf(CorruptObjectException.class)
                .hasMessage("group point vm1/" + SECOND + " names point " + SECOND + " with digest " + digest("other")
                        + " for disk os, but disk d1 holds point " + SECOND + " with digest " + digest(SECOND));
    }

    @Test
    void anObjectUnderAnotherPointsKeyIsCorrupt() throws Exception {
        store.put("points/d1/" + THIRD, store.get("points/d1/" + FIRST));
        assertThatThrownBy(() -> repository.manifest("d1", "latest")).isInstanceOf(CorruptObjectException.class)
                .hasMessage("points/d1/" + THIRD + ": manifest names d1/" + FIRST);
        store.put("groups/vm1/" + THIRD, store.get("groups/vm1/" + FIRST));
        assertThatThrownBy(() -> repository.groupPoint("vm1", "latest")).isInstanceOf(CorruptObjectException.class)
                .hasMessage("groups/vm1/" + THIRD + ": group point names vm1/" + FIRST);
    }

    private static String digest(String of) {
        return Hash.of(of.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
    }

    private static Manifest manifest(String disk, String id, String digest) {
        return new Manifest(1, disk, id, null, "2026-01-01T00:00:00Z", 65536, 65536, 16384,
                List.of(Hash.of(new byte[] {1}).hex()), digest, "file:/images/" + disk + ".img", "hash-compare", true,
                new Manifest.Stats(0, 0, 0, 0, 0, 0, 0), List.of());
    }

    private static GroupPoint group(String group, String id, Manifest member) {
        return new GroupPoint(1, group, id, null, "2026-01-01T00:00:00Z", "test:" + group,
                List.of(new GroupPoint.Member("os", member.disk(), member.id(), member.diskSize(), member.digest())),
                List.of());
    }
}
