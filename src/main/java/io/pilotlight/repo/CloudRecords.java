package io.pilotlight.repo;

import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Records of what a cloud holds for a restore point, {@code cloud/<provider>/<disk>/<point>.json}
 * (docs/design.md, "Cloud records"): small JSON documents a cloud feature writes and reads (which
 * EBS snapshot holds which point), kept in the repository so that every host sees them. The
 * repository names the keys; the feature owns the document's fields. Not sealed (they hold ids, no
 * data), written with a plain put: the last writer of a point's record wins, and every writer of one
 * point writes the same record.
 */
public final class CloudRecords {
    static final String ROOT = "cloud/";
    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9]{1,16}");
    private static final String SUFFIX = ".json";

    private final ObjectStore store;
    private final String prefix;

    CloudRecords(ObjectStore store, String provider) {
        if (!PROVIDER.matcher(provider).matches()) {
            throw new IllegalArgumentException("cloud provider '" + provider + "' does not match " + PROVIDER);
        }
        this.store = store;
        this.prefix = ROOT + provider + "/";
    }

    /** The providers with at least one record under {@code cloud/}, in name order. */
    static List<String> providers(ObjectStore store) throws IOException {
        TreeSet<String> providers = new TreeSet<>();
        for (ObjectInfo info : store.list(ROOT)) {
            String rest = info.key().substring(ROOT.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && PROVIDER.matcher(rest.substring(0, slash)).matches()) {
                providers.add(rest.substring(0, slash));
            }
        }
        return List.copyOf(providers);
    }

    /** Stores the record of point {@code point} of {@code disk}, replacing any. */
    public void put(String disk, String point, byte[] json) throws IOException {
        store.put(key(disk, point), json);
    }

    /** The record of point {@code point} of {@code disk}, if any. */
    public Optional<byte[]> get(String disk, String point) throws IOException {
        try {
            return Optional.of(store.get(key(disk, point)));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    /** The points of {@code disk} that have a record, in key order (point ids sort by time). */
    public List<String> points(String disk) throws IOException {
        String diskPrefix = prefix + Repository.checkDisk(disk) + "/";
        List<String> points = new ArrayList<>();
        for (ObjectInfo info : store.list(diskPrefix)) {
            String name = info.key().substring(diskPrefix.length());
            if (name.endsWith(SUFFIX) && !name.contains("/")) {
                points.add(name.substring(0, name.length() - SUFFIX.length()));
            }
        }
        points.sort(null);
        return points;
    }

    /** Deletes the record of point {@code point} of {@code disk}; nothing when there is none. */
    public void delete(String disk, String point) throws IOException {
        store.delete(key(disk, point));
    }

    /** {@code cloud/<provider>/<disk>/<point>.json}. */
    String key(String disk, String point) {
        if (point.isEmpty() || point.contains("/") || point.startsWith(".")) {
            throw new IllegalArgumentException("point id '" + point + "' cannot name a cloud record");
        }
        return prefix + Repository.checkDisk(disk) + "/" + point + SUFFIX;
    }
}
