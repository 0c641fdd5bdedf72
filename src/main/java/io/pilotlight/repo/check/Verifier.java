package io.pilotlight.repo.check;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.BlobFault;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.ImageDigest;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.PackInventory;
import io.pilotlight.repo.Readable;
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
 * Checks a repository. Key files: each reads whole ({@link KeyFileCheck}). Structure: every point's
 * manifest and segments read and hash right, every
 * chunk they name is indexed in a pack that exists, and the segments give the recorded image
 * digest. With {@code readData}: every pack is read whole and every blob checked against its id.
 * A damaged object is a fault, never the end of the check: every fault is reported, each naming the
 * point, disk and offset it harms (a damaged pack: the points that use it).
 */
public final class Verifier {
    private final Repository repository;
    private final ProgressListener progress;

    public Verifier(Repository repository, ProgressListener progress) {
        this.repository = repository;
        this.progress = progress;
    }

    public VerifyReport verify(boolean readData) throws IOException {
        Findings findings = new Findings();
        KeyFileCheck.Result keys = KeyFileCheck.check(repository);
        keys.faults().forEach(findings::fault);
        repository.reloadIndex(); // an index read before a prune may name packs it deleted
        repository.damagedIndexFiles().forEach((key, why) -> findings.fault("index file " + key + " is damaged: its"
                + " blobs count as not indexed (pilotlight repair index rebuilds the index): " + why));
        Set<String> storedPacks = repository.storedPackKeys();
        PackInventory inventory = repository.packInventory();
        Map<String, Long> indexedPacks = inventory.sizes();
        long bytesChecked = 0;
        List<BlobFault> packFaults = new ArrayList<>();
        if (readData) {
            progress.phase("read packs", indexedPacks.values().stream().mapToLong(Long::longValue).sum());
            for (BlobFault fault : inventory.check(progress::advance)) {
                if (fault.blob().isPresent()) {
                    findings.badBlob(fault.blob().get(), fault.message());
                } else {
                    packFaults.add(fault);
                }
            }
            bytesChecked = indexedPacks.values().stream().mapToLong(Long::longValue).sum();
        }
        progress.phase("check points", -1);
        Map<String, Manifest> manifests = checkPoints(storedPacks, findings);
        int groupPoints = checkGroups(manifests, findings);
        packFaults.forEach(fault -> findings.fault(fault.message() + " (" + findings.harmOf(fault.packKey()) + ")"));
        findings.finishBlobs();
        Set<String> orphans = new HashSet<>(storedPacks);
        orphans.removeAll(indexedPacks.keySet());
        long chunks = readData ? repository.indexedBlobCount() : 0;
        if (repository.lock().isPresent()) {
            progress.phase("check Object Lock retention", -1);
        }
        List<String> unretained = repository.unretainedObjects(manifests.values());
        return new VerifyReport(manifests.size(), groupPoints, indexedPacks.size(), orphans.size(), chunks,
                bytesChecked, findings.faults(), findings.harmed(), unretained, keys.warnings());
    }

    /** Checks every readable point of every disk; names each unreadable manifest. Returns the readable ones. */
    private Map<String, Manifest> checkPoints(Set<String> storedPacks, Findings findings) throws IOException {
        Map<String, Manifest> manifests = new HashMap<>();
        for (String disk : repository.disks()) {
            Readable<Manifest> points = repository.readableManifests(disk);
            points.unreadable().forEach((id, why) -> findings.harms(disk + "/" + id, "point " + id + " of disk " + disk
                    + ": its manifest cannot be read, the point cannot be restored: " + why));
            for (Manifest manifest : points.read()) {
                manifests.put(disk + "/" + manifest.id(), manifest);
                checkPoint(manifest, storedPacks, findings);
            }
        }
        return manifests;
    }

    /** Every member of every group point must be a committed point with the digest the group names. */
    private int checkGroups(Map<String, Manifest> manifests, Findings findings) throws IOException {
        int count = 0;
        Set<String> harmedPoints = new HashSet<>(findings.harmed());
        for (String group : repository.groups()) {
            Readable<GroupPoint> points = repository.readableGroupPoints(group);
            points.unreadable().forEach((id, why) -> findings.harms("group " + group + "/" + id, "group point " + id
                    + " of group " + group + " cannot be read: " + why));
            for (GroupPoint point : points.read()) {
                count++;
                for (GroupPoint.Member member : point.disks()) {
                    checkMember(group, point, member, manifests.get(member.disk() + "/" + member.point()),
                            harmedPoints, findings);
                }
            }
        }
        return count;
    }

    private static void checkMember(String group, GroupPoint point, GroupPoint.Member member, Manifest manifest,
            Set<String> harmedPoints, Findings findings) {
        String where = "group point " + point.id() + " of group " + group + ", disk " + member.name();
        String groupPoint = "group " + group + "/" + point.id();
        if (harmedPoints.contains(member.disk() + "/" + member.point())) {
            findings.harms(groupPoint, where + ": point " + member.point() + " of disk " + member.disk()
                    + " cannot be restored (see above)");
        } else if (manifest == null) {
            findings.harms(groupPoint, where + ": point " + member.point() + " of disk " + member.disk()
                    + " is missing");
        } else if (!manifest.digest().equals(member.digest())) {
            findings.harms(groupPoint, where + ": point " + member.point() + " of disk " + member.disk()
                    + " has digest " + manifest.digest() + ", the group names " + member.digest());
        }
    }

    private void checkPoint(Manifest manifest, Set<String> storedPacks, Findings findings) throws IOException {
        String point = "point " + manifest.id() + " of disk " + manifest.disk();
        String name = manifest.disk() + "/" + manifest.id();
        ImageDigest digest = new ImageDigest(manifest.diskSize(), manifest.grainSize());
        boolean complete = true;
        for (int s = 0; s < manifest.segments().size(); s++) {
            long firstGrain = (long) s * manifest.segmentGrains();
            repository.packKeyOf(manifest.segment(s)).ifPresent(pack -> findings.uses(name, pack));
            Segment segment;
            try {
                segment = repository.readSegment(manifest, s);
            } catch (CorruptObjectException e) {
                findings.harms(name, point + ", offsets 0x" + Long.toHexString(firstGrain * manifest.grainSize())
                        + "+: " + e.getMessage());
                findings.reported(manifest.segment(s));
                complete = false;
                continue;
            }
            checkChunks(manifest, point, name, firstGrain, segment, storedPacks, findings);
            digest.addSegment(segment);
        }
        if (complete && !digest.finish().hex().equals(manifest.digest())) {
            findings.harms(name, point + ": its segments give an image digest other than the recorded "
                    + manifest.digest());
        }
    }

    private void checkChunks(Manifest manifest, String point, String name, long firstGrain, Segment segment,
            Set<String> storedPacks, Findings findings) throws IOException {
        Set<Hash> seen = new HashSet<>();
        for (int g = 0; g < segment.grains(); g++) {
            if (segment.isZero(g) || !seen.add(segment.chunk(g))) {
                continue;
            }
            Hash chunk = segment.chunk(g);
            String where = point + ", offset 0x" + Long.toHexString((firstGrain + g) * manifest.grainSize())
                    + ": chunk " + chunk.shortHex();
            Optional<String> pack = repository.packKeyOf(chunk);
            pack.ifPresent(key -> findings.uses(name, key));
            Optional<String> bad = findings.badBlob(chunk); // marks it reported
            if (pack.isEmpty()) {
                findings.harms(name, where + " is in no index");
            } else if (!storedPacks.contains(pack.get())) {
                findings.harms(name, where + ": pack " + pack.get() + " is missing");
            } else if (bad.isPresent()) {
                findings.harms(name, where + ": " + bad.get());
            }
        }
    }
}
