package io.pilotlight.repo;

import io.pilotlight.repo.seal.KeyRing;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The key layout of docs/design.md §2: which object lives under which key (config, packs, index
 * files, points, group points, leases, drill records), the rule for the disk and group names in keys, and the
 * point ids that end them. Every key the format uses is built and taken apart here and nowhere else.
 */
final class RepositoryLayout {
    static final String CONFIG = "config";
    /** Key files of an encrypted repository (docs/design.md §20.2), named as {@code KeyRing} names them. */
    static final String KEYS = KeyRing.PREFIX;
    static final String PACKS = "data/";
    static final String INDEXES = "index/";
    static final String POINTS = "points/";
    static final String GROUPS = "groups/";
    static final String PLANS = "prune/";
    static final String LOCKS = "locks/";
    /** Drill records and their screenshots (docs/design.md §17): {@code drills/} + the point's key + {@code /}. */
    static final String DRILLS = "drills/";
    static final String SCREENSHOT_SUFFIX = ".png";
    /** The lease of the one prune that may run; no disk name starts with {@code _}. */
    static final String PRUNE_LOCK = LOCKS + "_prune";
    /** Group leases live beside disk leases; no disk name starts with {@code _}, so the keys never meet. */
    private static final String GROUP_LOCKS = LOCKS + "_groups/";

    /** The rule for disk and group names: safe in object keys and file names. */
    static final String NAME_RULE = "[a-z0-9][a-z0-9._-]{0,63}";
    private static final Pattern NAME = Pattern.compile(NAME_RULE);
    private static final DateTimeFormatter POINT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'-'HHmmssSSS").withZone(ZoneOffset.UTC);
    private static final int POINT_TIME_LENGTH = "yyyyMMdd-HHmmssSSS".length();

    private RepositoryLayout() {}

    /**
     * Whether {@code key} is kept under Object Lock in a locked repository (§21.2): what a restore point
     * needs (packs, manifests, group points) and what every point needs, {@link #repositoryWide}: config
     * and the key files (without them an encrypted repository cannot be read). Index files are not
     * (prune rewrites them, and {@code repair index} rebuilds them from the packs), nor leases, plans
     * or records.
     */
    static boolean retained(String key) {
        return repositoryWide(key) || key.startsWith(PACKS) || key.startsWith(POINTS) || key.startsWith(GROUPS);
    }

    /**
     * Whether {@code key} is needed by every point, not by some: config and the key files. A locked
     * repository keeps them locked as long as its newest point (§21.2).
     */
    static boolean repositoryWide(String key) {
        return key.equals(CONFIG) || key.startsWith(KEYS);
    }

    /** {@code data/<hh>/<packid>}: a pack, under the first two hex digits of its id. */
    static String packKey(Hash pack) {
        String hex = pack.hex();
        return PACKS + hex.substring(0, 2) + "/" + hex;
    }

    /** {@code index/<indexid>}: an index file, named by the SHA-256 of its payload. */
    static String indexKey(byte[] payload) {
        return indexKey(ContentIds.SHA256, payload);
    }

    /** {@code index/<indexid>}: an index file, named by the content id of its payload. */
    static String indexKey(ContentIds ids, byte[] payload) {
        return INDEXES + ids.of(payload).hex();
    }

    /** {@code prune/<planid>}: a prune plan (docs/design.md §16.2). */
    static String planKey(String id) {
        return PLANS + id;
    }

    /** {@code points/<disk>/<id>}: a restore point's manifest. */
    static String pointKey(String disk, String id) {
        return idKey(POINTS, disk, id);
    }

    /** {@code groups/<group>/<id>}: a group point. */
    static String groupKey(String group, String id) {
        return idKey(GROUPS, group, id);
    }

    /** The key of point {@code id} of {@code owner} (a disk or a group) under {@code root}. */
    static String idKey(String root, String owner, String id) {
        return idPrefix(root, owner) + id;
    }

    /** The prefix the keys of {@code owner}'s points share under {@code root}. */
    static String idPrefix(String root, String owner) {
        return root + owner + "/";
    }

    /** The disk or group a key {@code <root><owner>/<id>} names; empty for a key of another shape. */
    static Optional<String> owner(String key) {
        String[] parts = key.split("/");
        return parts.length == 3 ? Optional.of(parts[1]) : Optional.empty();
    }

    /**
     * {@code drills/points/<disk>/<pointid>/} or {@code drills/groups/<group>/<groupid>/}: the prefix of the
     * drill records of a point or a group point.
     */
    static String drillPrefix(boolean group, String owner, String point) {
        return DRILLS + idKey(group ? GROUPS : POINTS, group ? checkGroup(owner) : checkDisk(owner), point) + "/";
    }

    /** {@code <drill prefix><drillid>}: a drill record; {@code <drill prefix><drillid>.png}: its screenshot. */
    static String drillKey(boolean group, String owner, String point, String drill, boolean screenshot) {
        return drillPrefix(group, owner, point) + drill + (screenshot ? SCREENSHOT_SUFFIX : "");
    }

    /**
     * A key under {@code drills/} taken apart; empty for a key of another shape. {@link #pointKey()} is the
     * key of the point (or group point) the drill booted.
     */
    record DrillKey(boolean group, String owner, String point, String drill, boolean screenshot) {
        static Optional<DrillKey> parse(String key) {
            String[] parts = key.split("/");
            if (parts.length != 5 || !key.startsWith(DRILLS)
                    || !(parts[1] + "/").equals(POINTS) && !(parts[1] + "/").equals(GROUPS)) {
                return Optional.empty();
            }
            boolean screenshot = parts[4].endsWith(SCREENSHOT_SUFFIX);
            String drill = screenshot ? parts[4].substring(0, parts[4].length() - SCREENSHOT_SUFFIX.length())
                    : parts[4];
            return Optional.of(new DrillKey((parts[1] + "/").equals(GROUPS), parts[2], parts[3], drill, screenshot));
        }

        String pointKey() {
            return idKey(group ? GROUPS : POINTS, owner, point);
        }
    }

    /** {@code locks/<disk>}: the writer lease of a disk. */
    static String diskLockKey(String disk) {
        return LOCKS + checkDisk(disk);
    }

    /** {@code locks/_groups/<group>}: the writer lease of a group's group points. */
    static String groupLockKey(String group) {
        return GROUP_LOCKS + checkGroup(group);
    }

    static String checkDisk(String disk) {
        return checkName("disk", disk);
    }

    static String checkGroup(String group) {
        return checkName("group", group);
    }

    private static String checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "': must match " + NAME_RULE
                    + " (lower-case letters, digits, '.', '_', '-'; at most 64 characters)");
        }
        return name;
    }

    /** A point id {@code yyyyMMdd-HHmmssSSS-<4 hex>} at {@code time}, made to sort after {@code parent}. */
    static String newPointId(Instant time, Optional<String> parent) {
        Instant at = time.truncatedTo(ChronoUnit.MILLIS);
        if (parent.isPresent()) {
            Instant parentTime = POINT_TIME.parse(parent.get().substring(0, POINT_TIME_LENGTH), Instant::from);
            if (!at.isAfter(parentTime)) {
                at = parentTime.plusMillis(1);
            }
        }
        byte[] random = new byte[2];
        ThreadLocalRandom.current().nextBytes(random);
        return POINT_TIME.format(at) + "-" + HexFormat.of().formatHex(random);
    }
}
