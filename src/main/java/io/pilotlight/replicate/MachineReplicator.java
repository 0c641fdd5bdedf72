package io.pilotlight.replicate;

import static java.util.Objects.requireNonNull;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.GroupMembers;
import io.pilotlight.repo.Lease;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.MachineDisk;
import io.pilotlight.source.MachineSession;
import io.pilotlight.source.MachineSource;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a group point of every disk of a machine, in this order: the group's lease, then the
 * machine's session (opening it may change the machine, e.g. remove snapshots a dead run left, so
 * only the lease holder may), then each disk's point as disk {@code <group>-<name>}
 * ({@link GroupMembers}), the group point, and the session closed, also when a step fails.
 */
public final class MachineReplicator {
    private final Repository repository;
    private final GroupReplicator groups;

    public MachineReplicator(Repository repository, ReplicateOptions options, ProgressListener progress) {
        this(repository, options, progress, Clock.systemUTC());
    }

    /** As above, the points stamped by {@code clock}. */
    public MachineReplicator(Repository repository, ReplicateOptions options, ProgressListener progress, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.groups = new GroupReplicator(repository, options, progress, clock);
    }

    /** What a run reports on its way; called on the replicating thread, in this order. */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** The session is open; {@code warnings} will be recorded in the group point. */
        default void sessionOpened(List<String> warnings) {}

        /** The group point is committed; the session is still open (closing it comes next). */
        default void committed(GroupReplicator.Result result) {}
    }

    /** Replicates every disk of {@code machine} into group {@code group}: see the class comment. */
    public GroupReplicator.Result replicate(String group, MachineSource machine, Listener listener)
            throws IOException {
        requireNonNull(machine, "machine is null");
        requireNonNull(listener, "listener is null");
        try (Lease lease = repository.groupLease(group); MachineSession session = machine.open()) {
            listener.sessionOpened(session.warnings());
            List<GroupReplicator.Member> members = new ArrayList<>();
            for (MachineDisk disk : session.disks()) {
                members.add(new GroupReplicator.Member(disk.name(), GroupMembers.diskName(group, disk.name()),
                        disk.source()));
            }
            GroupReplicator.Result result = groups.replicate(lease, group, machine.uri(), session.warnings(),
                    session.definition(), members);
            listener.committed(result);
            return result;
        }
    }
}
