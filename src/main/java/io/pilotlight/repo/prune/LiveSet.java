package io.pilotlight.repo.prune;

import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.Segment;
import io.pilotlight.progress.ProgressListener;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live blobs (docs/design.md §16.3 step 2): every segment each committed point names and every
 * chunk those segments name, per disk. Group points name member points, whose blobs are their disks'.
 * A segment shared by several points is read once.
 */
public final class LiveSet {
    private final Map<String, Set<Hash>> byDisk;
    private final Map<String, List<Manifest>> points;
    private final Set<Hash> all;

    private LiveSet(Map<String, Set<Hash>> byDisk, Map<String, List<Manifest>> points) {
        this.byDisk = byDisk;
        this.points = points;
        this.all = new HashSet<>();
        byDisk.values().forEach(all::addAll);
    }

    /** Lists every point and reads every manifest and segment it names. */
    public static LiveSet walk(Repository repository, ProgressListener progress) throws IOException {
        Map<String, Set<Hash>> byDisk = new LinkedHashMap<>();
        Map<String, List<Manifest>> points = new LinkedHashMap<>();
        Map<Hash, List<Hash>> segments = new HashMap<>();
        for (String disk : repository.disks()) {
            List<Manifest> manifests = repository.manifests(disk);
            points.put(disk, manifests);
            progress.phase("walking the points of " + disk, manifests.size());
            Set<Hash> blobs = new HashSet<>();
            for (Manifest manifest : manifests) {
                for (int i = 0; i < manifest.segments().size(); i++) {
                    Hash segment = manifest.segment(i);
                    blobs.add(segment);
                    if (!segments.containsKey(segment)) {
                        Segment read = repository.readSegment(manifest, i);
                        segments.put(segment, read.referencedChunks());
                    }
                    blobs.addAll(segments.get(segment));
                }
                progress.advance(1);
            }
            byDisk.put(disk, blobs);
        }
        return new LiveSet(byDisk, points);
    }

    public boolean contains(Hash blob) {
        return all.contains(blob);
    }

    /** Every live blob. */
    public Set<Hash> all() {
        return all;
    }

    /** The live blobs of one disk's points. */
    public Set<Hash> of(String disk) {
        return byDisk.getOrDefault(disk, Set.of());
    }

    /** Each disk's points, oldest first. */
    public Map<String, List<Manifest>> points() {
        return points;
    }
}
