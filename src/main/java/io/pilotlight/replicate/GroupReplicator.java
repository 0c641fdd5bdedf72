package io.pilotlight.replicate;

import static java.util.Objects.requireNonNull;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Lease;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangedBlockSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Takes a group restore point: one point per disk of a machine, in turn, then the group object
 * naming them all (docs/design.md, "Group points"). The group exists only if every disk's point
 * was committed; a run that fails part-way leaves the points it did commit as points of their
 * disks, and no group point.
 */
public final class GroupReplicator {
    private final Repository repository;
    private final Replicator replicator;
    private final Clock clock;

    public GroupReplicator(Repository repository, ReplicateOptions options, ProgressListener progress) {
        this(repository, options, progress, Clock.systemUTC());
    }

    /** As above, the group point and its members' points stamped by {@code clock}. */
    public GroupReplicator(Repository repository, ReplicateOptions options, ProgressListener progress, Clock clock) {
        this.repository = repository;
        this.replicator = new Replicator(repository, options, progress, clock);
        this.clock = clock;
    }

    /**
     * One disk of the group.
     *
     * @param name the disk's name within the group, e.g. {@code scsi0-0}
     * @param disk the repository disk its points go to
     */
    public record Member(String name, String disk, ChangedBlockSource source) {
        public Member {
            requireNonNull(name, "name is null");
            Repository.checkDisk(disk);
            requireNonNull(source, "source is null");
        }
    }

    /** A committed group point and the disk points it names, in member order. */
    public record Result(GroupPoint point, List<PointInfo> disks) {
        public Result {
            requireNonNull(point, "point is null");
            disks = List.copyOf(disks);
        }
    }

    /** Takes the group's lease, replicates every member, then commits the group point. */
    public Result replicate(String group, String source, List<Member> members) throws IOException {
        try (Lease lease = repository.groupLease(group)) {
            return replicate(lease, group, source, List.of(), members);
        }
    }

    /**
     * Replicates every member, then commits the group point, under {@code lease}: the group's
     * lease ({@link Repository#groupLease}), which the caller took before opening the members'
     * sources when opening them changes the machine (a vSphere session removes old snapshots).
     * {@code sessionWarnings} (what opening the machine reported) are recorded in the group point.
     */
    public Result replicate(Lease lease, String group, String source, List<String> sessionWarnings,
            List<Member> members) throws IOException {
        return replicate(lease, group, source, sessionWarnings, Optional.empty(), members);
    }

    /** As above, saving the machine's {@code definition} (its domain XML) in the group point. */
    public Result replicate(Lease lease, String group, String source, List<String> sessionWarnings,
            Optional<String> definition, List<Member> members) throws IOException {
        Repository.checkGroup(group);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("group " + group + " has no disks to replicate");
        }
        checkDistinct(group, members);
        Instant created = clock.instant();
        // The parent is named by id only: a listing, so a damaged newest group point never blocks the group.
        List<String> ids = repository.groupIds(group);
        Optional<String> parent = ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(ids.size() - 1));
        List<GroupPoint.Member> committed = new ArrayList<>();
        List<PointInfo> points = new ArrayList<>();
        List<String> warnings = new ArrayList<>(sessionWarnings);
        for (Member member : members) {
            PointInfo point = replicator.replicate(member.disk(), member.source());
            points.add(point);
            committed.add(new GroupPoint.Member(member.name(), point.disk(), point.id(), point.diskSize(),
                    point.digest()));
            point.warnings().forEach(warning -> warnings.add(member.name() + ": " + warning));
        }
        lease.check();
        GroupPoint point = new GroupPoint(GroupPoint.FORMAT, group,
                Repository.newPointId(created, parent), parent.orElse(null),
                created.toString(), source, committed, warnings, definition.orElse(null));
        repository.commitGroup(point);
        return new Result(point, points);
    }

    private static void checkDistinct(String group, List<Member> members) {
        var names = new HashSet<String>();
        var disks = new HashSet<String>();
        for (Member member : members) {
            if (!names.add(member.name()) || !disks.add(member.disk())) {
                throw new IllegalArgumentException("group " + group + ": disk " + member.name() + " ("
                        + member.disk() + ") is listed twice");
            }
        }
    }
}
