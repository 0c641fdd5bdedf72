package io.pilotlight.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.check.VerifyReport;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.FullPass;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.SparseImages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupReplicatorTest {
    @TempDir
    Path dir;

    private final Random random = new Random(11);

    @Test
    void everyGroupPointRestoresEachDiskAsItWasAtThatRound() throws Exception {
        Path os = SparseImages.create(dir.resolve("os.img"), 8 << 20);
        Path data = SparseImages.create(dir.resolve("data.img"), 5 << 20);
        Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
        GroupReplicator replicator = new GroupReplicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE);
        List<GroupPoint> points = new ArrayList<>();
        List<Path[]> copies = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            SparseImages.scribble(os, random, 5, 0);
            SparseImages.scribble(data, random, 3, 0);
            Path osCopy = dir.resolve("os-" + round);
            Path dataCopy = dir.resolve("data-" + round);
            Files.copy(os, osCopy);
            Files.copy(data, dataCopy);
            copies.add(new Path[] {osCopy, dataCopy});
            try (FileSource a = FileSource.open(os); FileSource b = FileSource.open(data)) {
                points.add(replicator.replicate("vm1", "test:vm1", List.of(
                        new GroupReplicator.Member("os", "vm1-os", a),
                        new GroupReplicator.Member("data", "vm1-data", b))).point());
            }
        }
        assertThat(repository.groups()).containsExactly("vm1");
        assertThat(repository.groupPoints("vm1")).containsExactlyElementsOf(points);
        assertThat(points.get(1).parent()).isEqualTo(points.get(0).id());
        assertThat(repository.latestGroup("vm1")).contains(points.get(2));
        Restorer restorer = new Restorer(repository, ProgressListener.NONE);
        for (int round = 0; round < 3; round++) {
            GroupPoint point = repository.groupPoint("vm1", points.get(round).id().substring(0, 22));
            for (int disk = 0; disk < 2; disk++) {
                GroupPoint.Member member = point.disks().get(disk);
                Path restored = dir.resolve("r-" + round + "-" + member.name());
                restorer.restore(member.disk(), member.point(), restored, false);
                assertThat(Files.mismatch(restored, copies.get(round)[disk])).as(member.name() + " round " + round)
                        .isEqualTo(-1);
            }
        }
    }

    @Test
    void aDiskThatFailsLeavesNoGroupPointButKeepsTheDisksDoneBefore() throws Exception {
        Path os = SparseImages.create(dir.resolve("os.img"), 2 << 20);
        DirectoryObjectStore store = new DirectoryObjectStore(dir.resolve("repo"));
        Repository repository = Repository.init(store, 65536);
        GroupReplicator replicator = new GroupReplicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE);
        try (FileSource a = FileSource.open(os)) {
            assertThatThrownBy(() -> replicator.replicate("vm1", "test:vm1", List.of(
                    new GroupReplicator.Member("os", "vm1-os", a),
                    new GroupReplicator.Member("data", "vm1-data", new Unreadable()))))
                    .isInstanceOf(IOException.class).hasMessageContaining("unplugged");
        }
        assertThat(repository.groups()).isEmpty();
        assertThat(repository.latestGroup("vm1")).isEmpty();
        assertThat(repository.points(Optional.of("vm1-os"))).hasSize(1);
        assertThat(repository.disks()).containsExactly("vm1-os");
        assertThatThrownBy(() -> repository.groupPoint("vm1", "latest"))
                .isInstanceOf(RepositoryException.class).hasMessage("group vm1 has no group points in "
                        + store.location() + "; groups: ");
    }

    @Test
    void verifyChecksEveryMemberOfEveryGroupPoint() throws Exception {
        Path os = SparseImages.create(dir.resolve("os.img"), 2 << 20);
        SparseImages.scribble(os, random, 4, 0);
        DirectoryObjectStore store = new DirectoryObjectStore(dir.resolve("repo"));
        Repository repository = Repository.init(store, 65536);
        GroupPoint point;
        try (FileSource a = FileSource.open(os)) {
            point = new GroupReplicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE)
                    .replicate("vm1", "test:vm1", List.of(new GroupReplicator.Member("os", "vm1-os", a))).point();
        }
        VerifyReport clean = new Verifier(repository, ProgressListener.NONE).verify(false);
        assertThat(clean.faults()).isEmpty();
        assertThat(clean.groupPoints()).isEqualTo(1);
        store.delete("points/vm1-os/" + point.disks().get(0).point());
        VerifyReport broken = new Verifier(repository, ProgressListener.NONE).verify(false);
        assertThat(broken.faults()).containsExactly("group point " + point.id() + " of group vm1, disk os: point "
                + point.disks().get(0).point() + " of disk vm1-os is missing");
    }

    @Test
    void theGroupIsLockedWhileARunHoldsIt() throws Exception {
        Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
        try (var held = repository.groupLease("vm1")) {
            GroupReplicator replicator = new GroupReplicator(repository, ReplicateOptions.defaults(),
                    ProgressListener.NONE);
            try (FileSource a = FileSource.open(SparseImages.create(dir.resolve("os.img"), 1 << 20))) {
                assertThatThrownBy(() -> replicator.replicate("vm1", "test:vm1", List.of(
                        new GroupReplicator.Member("os", "vm1-os", a))))
                        .isInstanceOf(RepositoryException.class).hasMessageStartingWith("group vm1 is being written by ");
            }
        }
        assertThat(repository.disks()).isEmpty();
    }

    @Test
    void membersMustBeDistinct() throws Exception {
        Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
        GroupReplicator replicator = new GroupReplicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE);
        try (FileSource a = FileSource.open(SparseImages.create(dir.resolve("os.img"), 1 << 20))) {
            assertThatThrownBy(() -> replicator.replicate("vm1", "test:vm1", List.of(
                    new GroupReplicator.Member("os", "vm1-os", a), new GroupReplicator.Member("os2", "vm1-os", a))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("group vm1: disk os2 (vm1-os) is listed twice");
        }
        assertThat(repository.points(Optional.empty())).isEmpty();
    }

    /** A disk whose reads fail, as an unplugged device would. */
    private static final class Unreadable implements ChangedBlockSource {
        @Override
        public String uri() {
            return "test:unplugged";
        }

        @Override
        public long size() {
            return 1 << 20;
        }

        @Override
        public ChangeSet changes(Optional<String> sinceToken) {
            return new FullPass(1 << 20, Optional.of("hash-compare"), List.of());
        }

        @Override
        public void read(long offset, ByteBuffer target) throws IOException {
            throw new IOException("disk unplugged");
        }

        @Override
        public void close() {}
    }
}
