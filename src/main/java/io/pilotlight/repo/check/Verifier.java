package io.pilotlight.repo.check;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.BlobFault;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.ImageDigest;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.PackInventory;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.Segment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a repository. Structure: every point's manifest and segments read and hash right, every
 * chunk they name is indexed in a pack that exists, and the segments give the recorded image
 * digest. With {@code readData}: every pack is read whole and every blob checked against its id.
 * Every fault names the point, disk and offset it harms.
 */
public final class Verifier {
    private final Repository repository;
    private final ProgressListener progress;

    public Verifier(Repository repository, ProgressListener progress) {
        this.repository = repository;
        this.progress = progress;
    }

    public VerifyReport verify(boolean readData) throws IOException {
        List<String> faults = new ArrayList<>();
        Map<Hash, String> badBlobs = new HashMap<>();
        repository.reloadIndex(); // an index read before a prune may name packs it deleted
        Set<String> storedPacks = repository.storedPackKeys();
        PackInventory inventory = repository.packInventory();
        Map<String, Long> indexedPacks = inventory.sizes();
        long bytesChecked = 0;
        if (readData) {
            progress.phase("read packs", indexedPacks.values().stream().mapToLong(Long::longValue).sum());
            for (BlobFault fault : inventory.check(progress::advance)) {
                if (fault.blob().isPresent()) {
                    badBlobs.putIfAbsent(fault.blob().get(), fault.message());
                } else {
                    faults.add(fault.message());
                }
            }
            bytesChecked = indexedPacks.values().stream().mapToLong(Long::longValue).sum();
        }
        Map<String, Manifest> manifests = new HashMap<>();
        Set<Hash> reported = new HashSet<>();
        progress.phase("check points", -1);
        for (String disk : repository.disks()) {
            for (Manifest manifest : repository.manifests(disk)) {
                manifests.put(disk + "/" + manifest.id(), manifest);
                checkPoint(manifest, storedPacks, badBlobs, reported, faults);
            }
        }
        int groupPoints = checkGroups(manifests, faults);
        badBlobs.forEach((blob, message) -> {
            if (!reported.contains(blob)) {
                faults.add("unreferenced " + message);
            }
        });
        long chunks = readData ? repository.indexedBlobCount() : 0;
        return new VerifyReport(manifests.size(), groupPoints, indexedPacks.size(), chunks, bytesChecked, List.copyOf(faults));
    }

    /** Every member of every group point must be a committed point with the digest the group names. */
    private int checkGroups(Map<String, Manifest> manifests, List<String> faults) throws IOException {
        int count = 0;
        for (String group : repository.groups()) {
            List<GroupPoint> points;
            try {
                points = repository.groupPoints(group);
            } catch (CorruptObjectException e) {
                faults.add("group " + group + ": " + e.getMessage());
                continue;
            }
            for (GroupPoint point : points) {
                count++;
                for (GroupPoint.Member member : point.disks()) {
                    Manifest manifest = manifests.get(member.disk() + "/" + member.point());
                    String where = "group point " + point.id() + " of group " + group + ", disk " + member.name();
                    if (manifest == null) {
                        faults.add(where + ": point " + member.point() + " of disk " + member.disk() + " is missing");
                    } else if (!manifest.digest().equals(member.digest())) {
                        faults.add(where + ": point " + member.point() + " of disk " + member.disk()
                                + " has digest " + manifest.digest() + ", the group names " + member.digest());
                    }
                }
            }
        }
        return count;
    }

    private void checkPoint(Manifest manifest, Set<String> storedPacks, Map<Hash, String> badBlobs,
            Set<Hash> reported, List<String> faults) throws IOException {
        String point = "point " + manifest.id() + " of disk " + manifest.disk();
        ImageDigest digest = new ImageDigest(manifest.diskSize(), manifest.grainSize());
        boolean complete = true;
        for (int s = 0; s < manifest.segments().size(); s++) {
            long firstGrain = (long) s * manifest.segmentGrains();
            Segment segment;
            try {
                segment = repository.readSegment(manifest, s);
            } catch (CorruptObjectException e) {
                faults.add(point + ", offsets 0x" + Long.toHexString(firstGrain * manifest.grainSize()) + "+: "
                        + e.getMessage());
                reported.add(manifest.segment(s));
                complete = false;
                continue;
            }
            Set<Hash> seen = new HashSet<>();
            for (int g = 0; g < segment.grains(); g++) {
                if (segment.isZero(g) || !seen.add(segment.chunk(g))) {
                    continue;
                }
                Hash chunk = segment.chunk(g);
                String where = point + ", offset 0x" + Long.toHexString((firstGrain + g) * manifest.grainSize())
                        + ": chunk " + chunk.shortHex();
                Optional<String> pack = repository.packKeyOf(chunk);
                if (pack.isEmpty()) {
                    faults.add(where + " is in no index");
                } else if (!storedPacks.contains(pack.get())) {
                    faults.add(where + ": pack " + pack.get() + " is missing");
                } else if (badBlobs.containsKey(chunk)) {
                    faults.add(where + ": " + badBlobs.get(chunk));
                    reported.add(chunk);
                }
            }
            digest.addSegment(segment);
        }
        if (complete && !digest.finish().hex().equals(manifest.digest())) {
            faults.add(point + ": its segments give an image digest other than the recorded " + manifest.digest());
        }
    }
}
