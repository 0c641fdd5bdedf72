package io.pilotlight.repo;

import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The committed restore points ({@code points/<disk>/<id>}) and group points
 * ({@code groups/<group>/<id>}): listing them, naming one by {@code latest}, an id or a unique id
 * prefix, reading it checked against its key, committing a new one, and forgetting old ones
 * (deleting their manifests, never the newest, a group point before its members). Points and group points
 * are one {@link Kind} each and share every step, so both resolve and fail the same way.
 */
final class PointCatalog {
    /** How one kind of point is stored and named in messages. */
    private record Kind<T>(String root, String ownerWord, String pointWord, String pluralWord, String objectWord,
            Envelope.Type type, Decoder<T> decoder, Function<T, String> ownerOf, Function<T, String> idOf,
            UnaryOperator<String> checkOwner) {}

    /** Decodes an object's payload, naming {@code key} when it is invalid. */
    private interface Decoder<T> {
        T decode(String key, byte[] payload) throws CorruptObjectException;
    }

    private static final Kind<Manifest> RESTORE_POINTS = new Kind<>(RepositoryLayout.POINTS, "disk", "point",
            "restore points", "manifest", Envelope.Type.MANIFEST, Manifest::fromJson, Manifest::disk, Manifest::id,
            RepositoryLayout::checkDisk);
    private static final Kind<GroupPoint> GROUP_POINTS = new Kind<>(RepositoryLayout.GROUPS, "group", "group point",
            "group points", "group point", Envelope.Type.GROUP, GroupPoint::fromJson, GroupPoint::group,
            GroupPoint::id, RepositoryLayout::checkGroup);

    private final ObjectStore store;

    PointCatalog(ObjectStore store) {
        this.store = store;
    }

    List<String> disks() throws IOException {
        return owners(RESTORE_POINTS);
    }

    List<Manifest> manifests(String disk) throws IOException {
        return all(RESTORE_POINTS, disk);
    }

    List<PointInfo> points(Optional<String> disk) throws IOException {
        List<PointInfo> points = new ArrayList<>();
        for (String name : disk.map(List::of).orElse(disks())) {
            manifests(name).forEach(m -> points.add(m.info()));
        }
        return points;
    }

    Optional<Manifest> latest(String disk) throws IOException {
        return latest(RESTORE_POINTS, disk);
    }

    /**
     * A disk's points as far as they can be read: every manifest that reads, and every one that does
     * not, by id, with why. One damaged manifest never hides the others.
     */
    Readable<Manifest> readableManifests(String disk) throws IOException {
        List<Manifest> read = new ArrayList<>();
        Map<String, String> unreadable = new java.util.TreeMap<>();
        for (String id : ids(RESTORE_POINTS, disk)) {
            try {
                read.add(read(RESTORE_POINTS, disk, id));
            } catch (CorruptObjectException e) {
                unreadable.put(id, e.getMessage());
            } catch (io.pilotlight.store.NoSuchObjectException e) {
                continue; // forgotten since the listing
            }
        }
        return new Readable<>(read, unreadable);
    }

    /**
     * The newest point of {@code disk} that can be read, and the newer ones that cannot (newest
     * first), with why; reads one manifest unless the newest is damaged.
     */
    Readable<Manifest> latestReadable(String disk) throws IOException {
        List<String> ids = ids(RESTORE_POINTS, disk);
        Map<String, String> unreadable = new java.util.LinkedHashMap<>();
        for (int i = ids.size() - 1; i >= 0; i--) {
            try {
                return new Readable<>(List.of(read(RESTORE_POINTS, disk, ids.get(i))), unreadable);
            } catch (CorruptObjectException e) {
                unreadable.put(ids.get(i), e.getMessage());
            } catch (io.pilotlight.store.NoSuchObjectException e) {
                continue;
            }
        }
        return new Readable<>(List.of(), unreadable);
    }

    /** A group's points as far as they can be read, and the unreadable ones by id, with why. */
    Readable<GroupPoint> readableGroupPoints(String group) throws IOException {
        List<GroupPoint> read = new ArrayList<>();
        Map<String, String> unreadable = new java.util.TreeMap<>();
        for (String id : ids(GROUP_POINTS, group)) {
            try {
                read.add(read(GROUP_POINTS, group, id));
            } catch (CorruptObjectException e) {
                unreadable.put(id, e.getMessage());
            } catch (io.pilotlight.store.NoSuchObjectException e) {
                continue;
            }
        }
        return new Readable<>(read, unreadable);
    }

    Manifest manifest(String disk, String ref) throws IOException {
        return named(RESTORE_POINTS, disk, ref);
    }

    List<String> groups() throws IOException {
        return owners(GROUP_POINTS);
    }

    List<String> pointIds(String disk) throws IOException {
        return ids(RESTORE_POINTS, disk);
    }

    List<String> groupIds(String group) throws IOException {
        return ids(GROUP_POINTS, group);
    }

    List<GroupPoint> groupPoints(String group) throws IOException {
        return all(GROUP_POINTS, group);
    }

    Optional<GroupPoint> latestGroup(String group) throws IOException {
        return latest(GROUP_POINTS, group);
    }

    GroupPoint groupPoint(String group, String ref) throws IOException {
        return named(GROUP_POINTS, group, ref);
    }

    /** The manifest of one member of a group point, checked to have the digest the group names. */
    Manifest member(GroupPoint point, GroupPoint.Member member) throws IOException {
        Manifest manifest = manifest(member.disk(), member.point());
        if (!manifest.id().equals(member.point()) || !manifest.digest().equals(member.digest())) {
            throw new CorruptObjectException("group point " + point.group() + "/" + point.id() + " names point "
                    + member.point() + " with digest " + member.digest() + " for disk " + member.name()
                    + ", but disk " + member.disk() + " holds point " + manifest.id() + " with digest "
                    + manifest.digest());
        }
        return manifest;
    }

    void commit(Manifest manifest) throws IOException {
        String key = RepositoryLayout.pointKey(manifest.disk(), manifest.id());
        if (!store.putIfAbsent(key, Envelope.seal(Envelope.Type.MANIFEST, manifest.toJson(), false))) {
            throw new IllegalStateException("restore point " + key + " already exists");
        }
    }

    /** Writes {@code group} last, with put-if-absent, once every member matches its committed point. */
    void commitGroup(GroupPoint group) throws IOException {
        RepositoryLayout.checkGroup(group.group());
        for (GroupPoint.Member member : group.disks()) {
            Manifest manifest = read(RESTORE_POINTS, member.disk(), member.point());
            if (!manifest.digest().equals(member.digest()) || manifest.diskSize() != member.diskSize()) {
                throw new IllegalStateException("group " + group.group() + "/" + group.id() + ": member "
                        + member.name() + " does not match point " + member.disk() + "/" + member.point());
            }
        }
        String key = RepositoryLayout.groupKey(group.group(), group.id());
        if (!store.putIfAbsent(key, Envelope.seal(Envelope.Type.GROUP, group.toJson(), false))) {
            throw new IllegalStateException("group point " + key + " already exists");
        }
    }

    /**
     * Which group points name each point of {@code disk}, over every group: point id to the
     * {@code <group>/<group point id>} of each, groups and ids in order.
     */
    Map<String, List<String>> memberships(String disk) throws IOException {
        Map<String, List<String>> named = new HashMap<>();
        for (String group : groups()) {
            for (GroupPoint point : groupPoints(group)) {
                for (GroupPoint.Member member : point.disks()) {
                    if (member.disk().equals(disk)) {
                        named.computeIfAbsent(member.point(), p -> new ArrayList<>()).add(point.group() + "/" + point.id());
                    }
                }
            }
        }
        return named;
    }

    /**
     * Deletes the manifests of points {@code ids} of {@code disk} (docs/design.md §16.1), after
     * checking all of them: each must exist, not be the newest point of the disk, and not be named by
     * a group point. Nothing is deleted when one is refused.
     */
    void forget(String disk, Collection<String> ids) throws IOException {
        checkForget(disk, ids);
        for (String id : ids) {
            store.delete(RepositoryLayout.pointKey(disk, id));
        }
    }

    /** Refuses, as {@link #forget} would, to forget points {@code ids} of {@code disk}. */
    void checkForget(String disk, Collection<String> ids) throws IOException {
        List<String> stored = ids(RESTORE_POINTS, disk);
        Map<String, List<String>> memberships = memberships(disk);
        for (String id : ids) {
            if (!stored.contains(id)) {
                throw new RepositoryException(RepositoryException.Kind.UNKNOWN_POINT, "point '" + id + "' of disk "
                        + disk + " does not exist; points: " + String.join(", ", stored));
            }
            if (id.equals(stored.get(stored.size() - 1))) {
                throw new IllegalArgumentException("point " + disk + "/" + id + " is the newest point of disk " + disk
                        + ": it is the parent of the next replicate and is never forgotten");
            }
            if (memberships.containsKey(id)) {
                String group = memberships.get(id).get(0);
                throw new IllegalArgumentException("point " + disk + "/" + id + " is a member of group point " + group
                        + ": it is forgotten only with its group point (pilotlight forget --group "
                        + group.substring(0, group.indexOf('/')) + " --point " + group.substring(group.indexOf('/') + 1)
                        + ")");
            }
        }
    }

    /**
     * Deletes group point {@code id} of {@code group} unless it is the group's newest, then the
     * manifest of each member that is neither the newest point of its disk nor named by another
     * group point. Returns the members deleted, as {@code <disk>/<id>}.
     */
    List<String> forgetGroup(String group, String id) throws IOException {
        List<String> stored = ids(GROUP_POINTS, group);
        if (!stored.isEmpty() && id.equals(stored.get(stored.size() - 1))) {
            throw new IllegalArgumentException("group point " + group + "/" + id + " is the newest group point of group "
                    + group + ": its members are the parents of the next replicate and it is never forgotten");
        }
        GroupPoint point = read(GROUP_POINTS, group, id);
        store.delete(RepositoryLayout.groupKey(group, id)); // first: never a group point naming a missing member
        List<String> deleted = new ArrayList<>();
        for (GroupPoint.Member member : point.disks()) {
            List<String> points = ids(RESTORE_POINTS, member.disk());
            boolean newest = !points.isEmpty() && points.get(points.size() - 1).equals(member.point());
            if (points.contains(member.point()) && !newest && !memberships(member.disk()).containsKey(member.point())) {
                store.delete(RepositoryLayout.pointKey(member.disk(), member.point()));
                deleted.add(member.disk() + "/" + member.point());
            }
        }
        return deleted;
    }

    /** Deletes a point's manifest whatever forget's rules say: for {@code repair points}, a point that cannot be restored. */
    void removeUnrestorable(String disk, String id) throws IOException {
        store.delete(RepositoryLayout.pointKey(RepositoryLayout.checkDisk(disk), id));
    }

    /** Deletes a group point whatever forget's rules say (it cannot be read, or names a point that cannot be restored). */
    void removeUnrestorableGroupPoint(String group, String id) throws IOException {
        store.delete(RepositoryLayout.groupKey(RepositoryLayout.checkGroup(group), id));
    }

    /** Disks (or groups) with at least one committed point, sorted. */
    private List<String> owners(Kind<?> kind) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (ObjectInfo info : store.list(kind.root())) {
            RepositoryLayout.owner(info.key()).ifPresent(names::add);
        }
        return List.copyOf(names);
    }

    /** Ids of {@code owner}'s committed points, oldest first: a listing, no object is read. */
    private List<String> ids(Kind<?> kind, String owner) throws IOException {
        String prefix = RepositoryLayout.idPrefix(kind.root(), kind.checkOwner().apply(owner));
        List<String> ids = new ArrayList<>();
        for (ObjectInfo info : store.list(prefix)) {
            ids.add(info.key().substring(prefix.length()));
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    private <T> List<T> all(Kind<T> kind, String owner) throws IOException {
        List<T> points = new ArrayList<>();
        for (String id : ids(kind, owner)) {
            points.add(read(kind, owner, id));
        }
        return points;
    }

    private <T> Optional<T> latest(Kind<T> kind, String owner) throws IOException {
        List<String> ids = ids(kind, owner);
        return ids.isEmpty() ? Optional.empty() : Optional.of(read(kind, owner, ids.get(ids.size() - 1)));
    }

    /** The point {@code ref} names: {@code latest} (or null), a full id, or a unique id prefix. */
    private <T> T named(Kind<T> kind, String owner, String ref) throws IOException {
        List<String> ids = ids(kind, owner);
        if (ids.isEmpty()) {
            throw new RepositoryException(RepositoryException.Kind.UNKNOWN_DISK, kind.ownerWord() + " " + owner
                    + " has no " + kind.pluralWord() + " in " + store.location() + "; " + kind.ownerWord() + "s: "
                    + String.join(", ", owners(kind)));
        }
        return read(kind, owner, resolve(ids, ref, kind.pointWord(), kind.ownerWord() + " " + owner));
    }

    /** The one id {@code ref} names among {@code ids} (not empty, sorted). */
    private static String resolve(List<String> ids, String ref, String what, String owner)
            throws RepositoryException {
        if (ref == null || ref.equals("latest")) {
            return ids.get(ids.size() - 1);
        }
        List<String> matches = ids.stream().filter(id -> id.startsWith(ref)).toList();
        if (matches.size() != 1) {
            throw new RepositoryException(RepositoryException.Kind.UNKNOWN_POINT, what + " '" + ref + "' of " + owner
                    + (matches.isEmpty() ? " does not exist" : " is ambiguous (" + matches.size() + " match)")
                    + "; points: " + String.join(", ", ids));
        }
        return matches.get(0);
    }

    /** Reads point {@code id} of {@code owner} and checks it names the key it is stored under. */
    private <T> T read(Kind<T> kind, String owner, String id) throws IOException {
        String key = RepositoryLayout.idKey(kind.root(), kind.checkOwner().apply(owner), id);
        T point = kind.decoder().decode(key, Envelope.open(kind.type(), key, store.get(key)));
        String namedOwner = kind.ownerOf().apply(point);
        String namedId = kind.idOf().apply(point);
        if (!key.equals(RepositoryLayout.idKey(kind.root(), namedOwner, namedId))) {
            throw new CorruptObjectException(key + ": " + kind.objectWord() + " names " + namedOwner + "/" + namedId);
        }
        return point;
    }
}
