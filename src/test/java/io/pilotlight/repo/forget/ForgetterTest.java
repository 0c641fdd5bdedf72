package io.pilotlight.repo.forget;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.GroupReplicator;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.retention.RetentionPolicy;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.SparseImages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forget job on a group whose member disk also holds points no group point names: one older
 * than the group points the policy keeps (an orphan, removed) and one taken after the oldest kept
 * group point (perhaps a group run under way, left alone).
 */
class ForgetterTest {
    private static final ForgetOptions KEEP_TWO = new ForgetOptions(RetentionPolicy.EMPTY.with("--keep-last", "2"),
            ZoneId.of("UTC"), false);

    @TempDir
    Path dir;

    private final Random random = new Random(7);
    private Repository repository;
    private Path os;
    private Path data;
    private final List<GroupPoint> groupPoints = new ArrayList<>();
    private PointInfo older;
    private PointInfo later;

    @BeforeEach
    void setUp() throws IOException {
        repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
        os = SparseImages.create(dir.resolve("os.img"), 2 << 20);
        data = SparseImages.create(dir.resolve("data.img"), 1 << 20);
        groupPoint();
        older = alone();
        groupPoint();
        groupPoint();
        later = alone();
        groupPoint();
    }

    private void groupPoint() throws IOException {
        SparseImages.scribble(os, random, 2, 0);
        GroupReplicator replicator = new GroupReplicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE);
        try (FileSource a = FileSource.open(os); FileSource b = FileSource.open(data)) {
            groupPoints.add(replicator.replicate("vm1", "test:vm1", List.of(new GroupReplicator.Member("os", "vm1-os", a),
                    new GroupReplicator.Member("data", "vm1-data", b))).point());
        }
    }

    /** A point of the member disk vm1-os that no group point names. */
    private PointInfo alone() throws IOException {
        SparseImages.scribble(os, random, 1, 0);
        try (FileSource source = FileSource.open(os)) {
            return new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE).replicate("vm1-os", source);
        }
    }

    private List<String> ids(String disk) throws IOException {
        return repository.manifests(disk).stream().map(Manifest::id).toList();
    }

    @Test
    void aGroupForgetTakesMembersAndOrphansButNotAPointNewerThanTheOldestKeptGroupPoint() throws Exception {
        Forgetter forgetter = new Forgetter(repository);
        ForgetOptions dry = new ForgetOptions(KEEP_TWO.policy(), KEEP_TWO.zone(), true);
        ForgetResult planned = forgetter.group("vm1", dry);
        assertThat(ids("vm1-os")).hasSize(6);

        ForgetResult result = forgetter.group("vm1", KEEP_TWO);
        assertThat(result.members()).isEqualTo(planned.members());
        assertThat(result.removedIds()).containsExactly(groupPoints.get(1).id(), groupPoints.get(0).id());
        assertThat(result.members()).extracting(ForgetResult.Member::disk, ForgetResult.Member::id,
                ForgetResult.Member::reason).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("vm1-data", member(0, 1), "member of removed group point "
                                + groupPoints.get(0).id()),
                        org.assertj.core.groups.Tuple.tuple("vm1-data", member(1, 1), "member of removed group point "
                                + groupPoints.get(1).id()),
                        org.assertj.core.groups.Tuple.tuple("vm1-os", member(0, 0), "member of removed group point "
                                + groupPoints.get(0).id()),
                        org.assertj.core.groups.Tuple.tuple("vm1-os", older.id(), "orphaned member: named by no group"
                                + " point, older than the oldest kept group point " + groupPoints.get(2).id()),
                        org.assertj.core.groups.Tuple.tuple("vm1-os", member(1, 0), "member of removed group point "
                                + groupPoints.get(1).id()));
        assertThat(ids("vm1-os")).containsExactly(member(2, 0), later.id(), member(3, 0));
        assertThat(repository.groupIds("vm1")).containsExactly(groupPoints.get(2).id(), groupPoints.get(3).id());
    }

    @Test
    void aDiskForgetKeepsPointsNamedByAGroupPointWithTheReason() throws Exception {
        ForgetResult result = new Forgetter(repository).disk("vm1-os",
                new ForgetOptions(RetentionPolicy.EMPTY.with("--keep-last", "1"), ZoneId.of("UTC"), false));
        assertThat(result.removedIds()).containsExactly(later.id(), older.id());
        assertThat(result.points().get(2).reasons()).containsExactly("member of group point " + groupPoints.get(2).id());
        assertThat(result.points().get(0).reasons()).containsExactly("newest", "last 1");
        assertThat(ids("vm1-os")).containsExactly(member(0, 0), member(1, 0), member(2, 0), member(3, 0));
    }

    private String member(int groupPoint, int disk) {
        return groupPoints.get(groupPoint).disks().get(disk).point();
    }
}
