package io.pilotlight.repo;

import io.pilotlight.repo.RepositoryLayout.DrillKey;
import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Drill records and their screenshots under {@code drills/} (docs/design.md §17): stores them (screenshot
 * first, record last, both put-if-absent), finds the newest record of each point with one listing, reads
 * them checking every hash, and deletes those of forgotten points. Never touches points, packs or index.
 */
final class DrillRecords {
    private final ObjectStore store;

    DrillRecords(ObjectStore store) {
        this.store = store;
    }

    /** Stores {@code png} (when the record names one), then the record; returns the record's key. */
    String record(DrillRecord record, Optional<byte[]> png) throws IOException {
        if (png.isPresent() != (record.screenshot() != null)) {
            throw new IllegalArgumentException("drill " + record.id() + ": the record "
                    + (record.screenshot() == null ? "names no screenshot but one was given" : "names a screenshot"
                            + " but none was given"));
        }
        String key = RepositoryLayout.drillKey(record.group(), record.name(), record.point(), record.id(), false);
        if (png.isPresent()) {
            if (!Hash.of(png.get()).hex().equals(record.screenshot().sha256())
                    || png.get().length != record.screenshot().bytes()) {
                throw new IllegalArgumentException("drill " + record.id() + ": the screenshot does not have the"
                        + " SHA-256 and size its record names");
            }
            putNew(key + RepositoryLayout.SCREENSHOT_SUFFIX, Envelope.seal(Envelope.Type.SCREENSHOT, png.get(), false));
        }
        putNew(key, Envelope.seal(Envelope.Type.DRILL, record.toJson(), true));
        return key;
    }

    private void putNew(String key, byte[] object) throws IOException {
        if (!store.putIfAbsent(key, object)) {
            throw new RepositoryException(RepositoryException.Kind.ALREADY_EXISTS, key + ": a drill object with this"
                    + " key already exists (drill ids are unique: time and random digits)");
        }
    }

    /**
     * The newest record of each drilled point of {@code owner} (every disk's, or every group's, when empty),
     * keyed {@code <owner>/<point>}: one listing, then one read per drilled point.
     */
    Map<String, DrillEvidence> newest(boolean group, Optional<String> owner) throws IOException {
        String root = RepositoryLayout.DRILLS + (group ? RepositoryLayout.GROUPS : RepositoryLayout.POINTS);
        String prefix = root + owner.map(name -> (group ? RepositoryLayout.checkGroup(name)
                : RepositoryLayout.checkDisk(name)) + "/").orElse("");
        Map<String, String> newestKeys = new TreeMap<>();
        for (ObjectInfo info : store.list(prefix)) {
            DrillKey.parse(info.key()).filter(where -> !where.screenshot()).ifPresent(where -> newestKeys.merge(
                    where.owner() + "/" + where.point(), info.key(), (a, b) -> a.compareTo(b) >= 0 ? a : b));
        }
        Map<String, DrillEvidence> found = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : newestKeys.entrySet()) {
            read(entry.getValue()).ifPresent(evidence -> found.put(entry.getKey(), evidence));
        }
        return found;
    }

    /** The newest record of one point (or group point), if it was drilled. */
    Optional<DrillEvidence> newest(boolean group, String owner, String point) throws IOException {
        String newest = null;
        for (ObjectInfo info : store.list(RepositoryLayout.drillPrefix(group, owner, point))) {
            if (DrillKey.parse(info.key()).filter(where -> !where.screenshot()).isPresent()
                    && (newest == null || info.key().compareTo(newest) > 0)) {
                newest = info.key();
            }
        }
        return newest == null ? Optional.empty() : read(newest);
    }

    /** The record at {@code key}; empty when it is gone (forgotten since the listing). */
    private Optional<DrillEvidence> read(String key) throws IOException {
        byte[] object;
        try {
            object = store.get(key);
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
        try {
            DrillKey where = DrillKey.parse(key).orElseThrow();
            return Optional.of(new DrillEvidence.Recorded(key,
                    DrillRecord.fromJson(key, where, Envelope.open(Envelope.Type.DRILL, key, object))));
        } catch (CorruptObjectException e) {
            return Optional.of(new DrillEvidence.Unreadable(key, e.getMessage()));
        }
    }

    /** The PNG of a record's screenshot, checked against the SHA-256 and size the record names. */
    byte[] screenshot(DrillEvidence.Recorded evidence) throws IOException {
        String key = evidence.screenshotKey().orElseThrow(() -> new RepositoryException(
                RepositoryException.Kind.NOT_FOUND, evidence.key() + ": the drill has no screenshot"
                        + (evidence.record().warnings().isEmpty() ? "" : " (" + evidence.record().warnings() + ")")));
        byte[] png;
        try {
            png = Envelope.open(Envelope.Type.SCREENSHOT, key, store.get(key));
        } catch (NoSuchObjectException e) {
            throw new CorruptObjectException(key + ": missing, but drill record " + evidence.key() + " names it");
        }
        DrillRecord.Screenshot named = evidence.record().screenshot();
        if (png.length != named.bytes() || !Hash.of(png).hex().equals(named.sha256())) {
            throw new CorruptObjectException(key + ": the screenshot's SHA-256 or size (" + png.length
                    + " bytes) is not what drill record " + evidence.key() + " names (" + named.bytes() + " bytes)");
        }
        return png;
    }

    /** Deletes every drill record and screenshot of {@code points} of {@code owner}; returns how many objects. */
    int forget(boolean group, String owner, Collection<String> points) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String point : points) {
            store.list(RepositoryLayout.drillPrefix(group, owner, point)).forEach(info -> keys.add(info.key()));
        }
        store.deleteAll(keys);
        return keys.size();
    }

    /**
     * Deletes the drill objects whose point or group point no longer exists; returns how many. Lists
     * {@code drills/} before the points: a record is stored only after its point was committed, so a
     * record listed here whose point the later listing misses belongs to a forgotten point.
     */
    int removeOrphans() throws IOException {
        List<ObjectInfo> drills = store.list(RepositoryLayout.DRILLS);
        if (drills.isEmpty()) {
            return 0;
        }
        Set<String> points = new HashSet<>();
        store.list(RepositoryLayout.POINTS).forEach(info -> points.add(info.key()));
        store.list(RepositoryLayout.GROUPS).forEach(info -> points.add(info.key()));
        List<String> orphans = new ArrayList<>();
        for (ObjectInfo info : drills) {
            DrillKey.parse(info.key()).filter(where -> !points.contains(where.pointKey()))
                    .ifPresent(where -> orphans.add(info.key()));
        }
        store.deleteAll(orphans);
        return orphans.size();
    }
}
