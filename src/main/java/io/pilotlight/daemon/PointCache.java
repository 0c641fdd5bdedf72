package io.pilotlight.daemon;

import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.status.PointView;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The status page's restore points, read once: a committed point never changes, so each is kept by
 * repository, owner and id, and a refresh lists the ids and reads only the new ones. Forgotten
 * points fall out of the listing and so out of the page (their few bytes here stay until a reload).
 */
final class PointCache {
    /** Read every manifest of a disk at once when more than this many are new (one listing, not one each). */
    private static final int READ_ALL_ABOVE = 4;

    private final Map<String, PointView> points = new HashMap<>();

    /** The newest {@code limit} points of {@code disk}, newest first; {@code ids} are all its ids, oldest first. */
    synchronized List<PointView> disk(String repositoryName, Repository repository, String disk, List<String> ids,
                                      int limit) throws IOException {
        List<String> shown = newest(ids, limit);
        List<String> missing = shown.stream().filter(id -> !points.containsKey(key(repositoryName, disk, id))).toList();
        if (missing.size() > READ_ALL_ABOVE) {
            for (Manifest manifest : repository.manifests(disk)) {
                points.put(key(repositoryName, disk, manifest.id()), view(manifest));
            }
        } else {
            for (String id : missing) {
                points.put(key(repositoryName, disk, id), view(repository.manifest(disk, id)));
            }
        }
        return shown.stream().map(id -> points.get(key(repositoryName, disk, id))).filter(point -> point != null)
                .toList();
    }

    /** The newest {@code limit} points of {@code group}, newest first, each its members summed. */
    synchronized List<PointView> group(String repositoryName, Repository repository, String group, List<String> ids,
                                       int limit) throws IOException {
        List<PointView> views = new ArrayList<>();
        for (String id : newest(ids, limit)) {
            String key = key(repositoryName, "group:" + group, id);
            if (!points.containsKey(key)) {
                points.put(key, groupView(repositoryName, repository, repository.groupPoint(group, id)));
            }
            views.add(points.get(key));
        }
        return views;
    }

    private PointView groupView(String repositoryName, Repository repository, GroupPoint point) throws IOException {
        long size = 0;
        long changed = 0;
        long stored = 0;
        boolean fullRead = false;
        for (GroupPoint.Member member : point.disks()) {
            String key = key(repositoryName, member.disk(), member.point());
            PointView disk = points.get(key);
            if (disk == null) {
                disk = view(repository.member(point, member));
                points.put(key, disk);
            }
            size += disk.size();
            changed += disk.changed();
            stored += disk.stored();
            fullRead |= disk.fullRead();
        }
        return new PointView(point.id(), point.createdAt(), size, changed, stored, fullRead);
    }

    private static PointView view(Manifest manifest) {
        return new PointView(manifest.id(), Instant.parse(manifest.created()), manifest.diskSize(),
                manifest.stats().changedBytes(), manifest.stats().storedBytes(), manifest.fullPass());
    }

    private static List<String> newest(List<String> ids, int limit) {
        List<String> newest = new ArrayList<>(ids.subList(Math.max(0, ids.size() - limit), ids.size()));
        java.util.Collections.reverse(newest);
        return newest;
    }

    private static String key(String repository, String owner, String id) {
        return repository + "/" + owner + "/" + id;
    }
}
