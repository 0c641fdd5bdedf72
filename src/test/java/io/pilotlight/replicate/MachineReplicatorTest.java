package io.pilotlight.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Lease;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.MachineDisk;
import io.pilotlight.source.MachineSession;
import io.pilotlight.source.MachineSource;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.SparseImages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order of a machine's run: group lease, session, disks, group point, session closed. */
class MachineReplicatorTest {
    @TempDir
    Path dir;

    private final List<String> steps = new ArrayList<>();

    @Test
    void theSessionOpensUnderTheLeaseAndClosesAfterTheGroupPoint() throws Exception {
        Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
        FakeMachine machine = new FakeMachine(repository, List.of("os", "data"), false);

        GroupReplicator.Result result = replicator(repository).replicate("vm1", machine, listener());

        assertThat(steps).containsExactly("open: lease held", "opened [CBT turned on]", "committed", "closed");
        assertThat(result.point().source()).isEqualTo("fake://vm1");
        assertThat(result.point().warnings()).contains("CBT turned on");
        assertThat(result.point().disks()).extracting(member -> member.name() + " " + member.disk())
                .containsExactly("os vm1-os", "data vm1-data");
        try (Lease free = repository.groupLease("vm1")) {
            assertThat(free).as("the lease is released").isNotNull();
        }
    }

    @Test
    void aFailingDiskStillClosesTheSessionAndCommitsNoGroupPoint() throws Exception {
        Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
        FakeMachine machine = new FakeMachine(repository, List.of("os", "data"), true);

        assertThatThrownBy(() -> replicator(repository).replicate("vm1", machine, listener()))
                .isInstanceOf(IOException.class).hasMessageContaining("disk data: read failed on purpose");

        assertThat(steps).containsExactly("open: lease held", "opened [CBT turned on]", "closed");
        assertThat(repository.groupPoints("vm1")).isEmpty();
    }

    @Test
    void aHeldGroupLeaseLeavesTheMachineUntouched() throws Exception {
        Repository repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
        try (Lease held = repository.groupLease("vm1")) {
            assertThatThrownBy(() -> replicator(repository).replicate("vm1",
                    new FakeMachine(repository, List.of("os"), false), listener()))
                    .isInstanceOf(RepositoryException.class).hasMessageStartingWith("group vm1 is being written by ");
        }
        assertThat(steps).as("never opened").isEmpty();
    }

    private static MachineReplicator replicator(Repository repository) {
        return new MachineReplicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE);
    }

    private MachineReplicator.Listener listener() {
        return new MachineReplicator.Listener() {
            @Override
            public void sessionOpened(List<String> warnings) {
                steps.add("opened " + warnings);
            }

            @Override
            public void committed(GroupReplicator.Result result) {
                steps.add("committed");
            }
        };
    }

    /** A machine of small image files; opening checks that the group's lease is already taken. */
    private final class FakeMachine implements MachineSource {
        private final Repository repository;
        private final List<String> names;
        private final boolean lastFails;

        FakeMachine(Repository repository, List<String> names, boolean lastFails) {
            this.repository = repository;
            this.names = names;
            this.lastFails = lastFails;
        }

        @Override
        public String uri() {
            return "fake://vm1";
        }

        @Override
        public MachineSession open() throws IOException {
            try (Lease lease = repository.groupLease("vm1")) {
                steps.add("open: lease free");
            } catch (RepositoryException e) {
                steps.add("open: lease held");
            }
            List<MachineDisk> disks = new ArrayList<>();
            for (String name : names) {
                Path image = SparseImages.create(dir.resolve(name + ".img"), 1 << 20);
                SparseImages.scribble(image, new Random(name.hashCode()), 3, 0);
                ChangedBlockSource source = FileSource.open(image);
                boolean fails = lastFails && name.equals(names.get(names.size() - 1));
                disks.add(new MachineDisk(name, fails ? new FailingSource(source, name) : source));
            }
            return new MachineSession() {
                @Override
                public List<MachineDisk> disks() {
                    return disks;
                }

                @Override
                public List<String> warnings() {
                    return List.of("CBT turned on");
                }

                @Override
                public void close() throws IOException {
                    for (MachineDisk disk : disks) {
                        disk.source().close();
                    }
                    steps.add("closed");
                }
            };
        }
    }

    /** A source whose reads fail. */
    private record FailingSource(ChangedBlockSource inner, String name) implements ChangedBlockSource {
        @Override
        public String uri() {
            return inner.uri();
        }

        @Override
        public long size() throws IOException {
            return inner.size();
        }

        @Override
        public ChangeSet changes(Optional<String> sinceToken) throws IOException {
            return inner.changes(sinceToken);
        }

        @Override
        public void read(long offset, ByteBuffer target) throws IOException {
            throw new IOException("disk " + name + ": read failed on purpose");
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
