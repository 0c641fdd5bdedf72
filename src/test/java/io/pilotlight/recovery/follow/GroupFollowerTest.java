package io.pilotlight.recovery.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.image.FollowLock;
import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.recovery.image.TargetInUseException;
import io.pilotlight.replicate.GroupReplicator;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.SparseImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following a group: every disk's image at the same group point, and an interrupted run redone. */
@Slow
class GroupFollowerTest {
    private static final Optional<Verification> ALWAYS = Optional.of(Verification.ALWAYS);

    @TempDir
    Path dir;

    private final Random random = new Random(5);
    private Repository repository;
    private final List<GroupPoint> points = new ArrayList<>();
    private final List<byte[][]> contents = new ArrayList<>();

    @BeforeEach
    void threeGroupPoints() throws IOException {
        repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
        Path os = SparseImages.create(dir.resolve("os.img"), 4 << 20);
        Path data = SparseImages.create(dir.resolve("data.img"), 3 << 20);
        GroupReplicator replicator = new GroupReplicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE);
        for (int round = 0; round < 3; round++) {
            SparseImages.scribble(os, random, 4, 0);
            SparseImages.scribble(data, random, 2, 0);
            if (round == 2) {
                try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
                    file.setLength(5 << 20); // the data disk grew
                }
            }
            try (FileSource a = FileSource.open(os); FileSource b = FileSource.open(data)) {
                points.add(replicator.replicate("vm1", "test:vm1", List.of(new GroupReplicator.Member("os", "vm1-os", a),
                        new GroupReplicator.Member("data", "vm1-data", b))).point());
            }
            contents.add(new byte[][] {Files.readAllBytes(os), Files.readAllBytes(data)});
        }
    }

    @Test
    void everyImageIsAtTheSameGroupPointAfterEachRun() throws Exception {
        Path pilot = dir.resolve("pilot");
        GroupFollower follower = new GroupFollower(repository, ProgressListener.NONE);
        for (int round = 0; round < 3; round++) {
            GroupFollower.Result result = follower.follow("vm1", pilot, Optional.of(points.get(round).id()), ALWAYS,
                    false);
            assertThat(result.point()).isEqualTo(points.get(round).id());
            assertThat(result.fromPoint()).isEqualTo(round == 0 ? null : points.get(round - 1).id());
            assertThat(result.disks()).hasSize(2);
            assertThat(Files.readAllBytes(TargetFile.memberImage(pilot, "os"))).isEqualTo(contents.get(round)[0]);
            assertThat(Files.readAllBytes(TargetFile.memberImage(pilot, "data"))).isEqualTo(contents.get(round)[1]);
            assertThat(GroupFollower.state(pilot, "vm1").orElseThrow().point()).isEqualTo(points.get(round).id());
        }
        GroupFollower.Result again = follower.follow("vm1", pilot, Optional.empty(), Optional.empty(), false);
        assertThat(again.disks()).allMatch(FollowResult::upToDate);
    }

    /** The held group point and its members were forgotten: each image is compared grain by grain. */
    @Test
    void followsOnAfterTheHeldGroupPointWasForgotten() throws Exception {
        Path pilot = dir.resolve("pilot");
        GroupFollower follower = new GroupFollower(repository, ProgressListener.NONE);
        follower.follow("vm1", pilot, Optional.of(points.get(0).id()), ALWAYS, false);
        assertThat(repository.forgetGroup("vm1", points.get(0).id())).hasSize(2);

        GroupFollower.Result result = follower.follow("vm1", pilot, Optional.empty(), Optional.empty(), false);
        assertThat(result.fromPoint()).isEqualTo(points.get(0).id());
        assertThat(result.point()).isEqualTo(points.get(2).id());
        assertThat(result.disks()).allMatch(FollowResult::comparedInFull);
        assertThat(result.disks()).extracting(FollowResult::forgottenPoint)
                .containsExactly(points.get(0).disks().get(0).point(), points.get(0).disks().get(1).point());
        assertThat(Files.readAllBytes(TargetFile.memberImage(pilot, "os"))).isEqualTo(contents.get(2)[0]);
        assertThat(Files.readAllBytes(TargetFile.memberImage(pilot, "data"))).isEqualTo(contents.get(2)[1]);
    }

    @Test
    void aRunThatFailedBetweenDisksIsRedoneAndTheStateSaysSo() throws Exception {
        Path pilot = dir.resolve("pilot");
        GroupFollower follower = new GroupFollower(repository, ProgressListener.NONE);
        follower.follow("vm1", pilot, Optional.of(points.get(0).id()), ALWAYS, false);
        // The data image is held by another follower: the run updates os, then fails on data.
        try (FollowLock held = FollowLock.take(TargetFile.memberImage(pilot, "data"))) {
            assertThatThrownBy(() -> follower.follow("vm1", pilot, Optional.empty(), ALWAYS, false))
                    .isInstanceOf(TargetInUseException.class).hasMessageContaining("is in use by another follower");
        }
        GroupFollower.State interrupted = GroupFollower.state(pilot, "vm1").orElseThrow();
        assertThat(interrupted.point()).isEqualTo(points.get(0).id());
        assertThat(interrupted.applying()).isEqualTo(points.get(2).id());

        follower.follow("vm1", pilot, Optional.empty(), ALWAYS, false);
        assertThat(Files.readAllBytes(TargetFile.memberImage(pilot, "os"))).isEqualTo(contents.get(2)[0]);
        assertThat(Files.readAllBytes(TargetFile.memberImage(pilot, "data"))).isEqualTo(contents.get(2)[1]);
        GroupFollower.State done = GroupFollower.state(pilot, "vm1").orElseThrow();
        assertThat(done.point()).isEqualTo(points.get(2).id());
        assertThat(done.applying()).isNull();
    }

    @Test
    void aDirectoryOfAnotherRepositoryIsRefused() throws Exception {
        Path pilot = dir.resolve("pilot");
        new GroupFollower(repository, ProgressListener.NONE).follow("vm1", pilot, Optional.empty(), Optional.empty(), false);
        Repository other = Repository.init(new DirectoryObjectStore(dir.resolve("repo2")), 65536);
        try (FileSource a = FileSource.open(SparseImages.create(dir.resolve("x.img"), 1 << 20))) {
            new GroupReplicator(other, ReplicateOptions.defaults(), ProgressListener.NONE)
                    .replicate("vm1", "test", List.of(new GroupReplicator.Member("os", "vm1-os", a)));
        }
        assertThatThrownBy(() -> new GroupFollower(other, ProgressListener.NONE)
                .follow("vm1", pilot, Optional.empty(), Optional.empty(), false))
                .isInstanceOf(TargetExistsException.class)
                .hasMessageContaining("follows group vm1 of repository " + repository.config().id());
    }
}
