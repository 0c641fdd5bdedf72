package io.pilotlight.repo.forget;

import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which member points go when some group points of a group are forgotten, and the deletes in their
 * order (docs/design.md §16.1). A point of a member disk (a disk any of the group's points names)
 * goes when it is not the newest point of its disk and either
 * <ul>
 *   <li>every group point naming it is being removed: a member of a removed group point; or</li>
 *   <li>no group point (of any group) names it and it was taken before the oldest group point the
 *       group keeps: an orphaned member, left by a forget that crashed between a group point and
 *       its members, or by a group run that failed before its group point.</li>
 * </ul>
 * Points taken after the oldest kept group point and named by none are left alone: they may belong
 * to a group run still under way.
 */
final class GroupForget {
    private final Repository repository;
    private final String group;
    private final List<GroupPoint> points;
    private final Set<String> removed;

    /** {@code points}: all the group's group points, oldest first; {@code removed}: the ids to forget. */
    GroupForget(Repository repository, List<GroupPoint> points, Set<String> removed) {
        this.repository = repository;
        this.group = points.get(0).group();
        this.points = List.copyOf(points);
        this.removed = Set.copyOf(removed);
    }

    /** The member points to remove, by disk then id (oldest first), each with its reason. */
    List<ForgetResult.Member> plan() throws IOException {
        GroupPoint oldestKept = points.stream().filter(point -> !removed.contains(point.id()))
                .min(Comparator.comparing(GroupPoint::createdAt).thenComparing(GroupPoint::id))
                .orElseThrow(() -> new IllegalStateException("group " + group + ": every group point would be removed"));
        Set<String> disks = new TreeSet<>();
        points.forEach(point -> point.disks().forEach(member -> disks.add(member.disk())));
        List<ForgetResult.Member> members = new ArrayList<>();
        for (String disk : disks) {
            List<Manifest> manifests = repository.manifests(disk);
            Map<String, List<String>> memberships = repository.memberships(disk);
            for (int i = 0; i < manifests.size() - 1; i++) { // never the newest point of a disk
                Manifest point = manifests.get(i);
                String reason = reason(memberships.getOrDefault(point.id(), List.of()),
                        Instant.parse(point.created()), oldestKept);
                if (reason != null && repository.pointLockedUntil(disk, point.id()).isEmpty()) {
                    members.add(new ForgetResult.Member(disk, point.id(), reason));
                }
            }
        }
        return members;
    }

    private String reason(List<String> namedBy, Instant created, GroupPoint oldestKept) {
        if (namedBy.isEmpty()) {
            return created.isBefore(oldestKept.createdAt()) ? "orphaned member: named by no group point, older than"
                    + " the oldest kept group point " + oldestKept.id() : null;
        }
        for (String named : namedBy) {
            if (!named.startsWith(group + "/") || !removed.contains(named.substring(group.length() + 1))) {
                return null; // a group point that stays names it
            }
        }
        return "member of removed group point " + String.join(", ",
                namedBy.stream().map(named -> named.substring(group.length() + 1)).toList());
    }

    /**
     * Deletes the removed group points, oldest first, each before its members, then the orphaned
     * members of {@code plan}.
     */
    void run(List<ForgetResult.Member> plan) throws IOException {
        for (GroupPoint point : points) {
            if (removed.contains(point.id())) {
                repository.forgetGroup(group, point.id());
            }
        }
        Map<String, List<String>> orphans = new LinkedHashMap<>();
        for (ForgetResult.Member member : plan) {
            if (member.reason().startsWith("orphaned")) {
                orphans.computeIfAbsent(member.disk(), disk -> new ArrayList<>()).add(member.id());
            }
        }
        for (Map.Entry<String, List<String>> disk : orphans.entrySet()) {
            repository.forget(disk.getKey(), disk.getValue());
        }
    }
}
