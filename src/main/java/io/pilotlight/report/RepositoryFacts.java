package io.pilotlight.report;

import io.pilotlight.repo.DrillEvidence;
import io.pilotlight.repo.DrillRecord;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one repository tells a report: the points of a disk and the group points of a group (each
 * with its commit time and bytes), and the newest point a drill proved bootable. A disk's manifests
 * are listed once and reused by the groups it is a member of.
 */
final class RepositoryFacts {
    private final Repository repository;
    private final Map<String, List<Manifest>> manifests = new HashMap<>();

    RepositoryFacts(Repository repository) {
        this.repository = repository;
    }

    Repository repository() {
        return repository;
    }

    List<StoredPoint> points(Subject subject) throws IOException {
        return subject.kind() == Subject.Kind.DISK ? diskPoints(subject.name()) : groupPoints(subject.name());
    }

    private List<Manifest> manifests(String disk) throws IOException {
        List<Manifest> listed = manifests.get(disk);
        if (listed == null) {
            listed = repository.disks().contains(disk) ? repository.manifests(disk) : List.of();
            manifests.put(disk, listed);
        }
        return listed;
    }

    private List<StoredPoint> diskPoints(String disk) throws IOException {
        return manifests(disk).stream().map(RepositoryFacts::point).toList();
    }

    private static StoredPoint point(Manifest manifest) {
        Instant created = Instant.parse(manifest.created());
        boolean fallback = manifest.fullPass() && manifest.parent() != null && !manifest.warnings().isEmpty();
        return new StoredPoint(manifest.id(), created, created.plusMillis(Math.max(0, manifest.stats().durationMillis())),
                fallback, new Bytes(manifest.stats().readBytes(), manifest.stats().changedBytes(),
                        manifest.stats().storedBytes()));
    }

    /** A group point: committed when its last member was, its bytes its members' sums. */
    private List<StoredPoint> groupPoints(String group) throws IOException {
        if (!repository.groups().contains(group)) {
            return List.of();
        }
        List<StoredPoint> points = new ArrayList<>();
        for (GroupPoint groupPoint : repository.groupPoints(group)) {
            Instant committed = groupPoint.createdAt();
            Bytes bytes = Bytes.NONE;
            boolean fallback = false;
            for (GroupPoint.Member member : groupPoint.disks()) {
                Optional<StoredPoint> point = manifests(member.disk()).stream()
                        .filter(manifest -> manifest.id().equals(member.point())).findFirst().map(RepositoryFacts::point);
                if (point.isPresent()) {
                    committed = point.get().committed().isAfter(committed) ? point.get().committed() : committed;
                    bytes = bytes.plus(point.get().bytes());
                    fallback |= point.get().cbtFallback();
                }
            }
            points.add(new StoredPoint(groupPoint.id(), groupPoint.createdAt(), committed, fallback, bytes));
        }
        return points;
    }

    /** The member disks of the group's newest group point (none when it has none). */
    List<String> members(String group) throws IOException {
        if (!repository.groups().contains(group)) {
            return List.of();
        }
        return repository.latestGroup(group).map(point -> point.disks().stream().map(GroupPoint.Member::disk)
                .toList()).orElse(List.of());
    }

    /** The newest point of {@code subject} whose newest drill passed every check. */
    Optional<Bootable> bootable(Subject subject, List<StoredPoint> points) throws IOException {
        boolean group = subject.kind() == Subject.Kind.GROUP;
        Optional<DrillRecord> newest = repository.newestDrills(group, Optional.of(subject.name())).values().stream()
                .filter(DrillEvidence.Recorded.class::isInstance).map(evidence -> ((DrillEvidence.Recorded) evidence)
                        .record()).filter(DrillRecord::passed).max(Comparator.comparing(DrillRecord::point));
        return newest.map(record -> new Bootable(record.point(), points.stream().filter(point -> point.id()
                .equals(record.point())).map(StoredPoint::created).findFirst(), record.startedAt(),
                record.accelerator()));
    }
}
