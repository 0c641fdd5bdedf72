package io.pilotlight.repo;

import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A pilotlight repository in an object store: the format's single owner (docs/design.md). Reads
 * check a hash every time; writes go through {@link BlobWriter}, {@link #commit} and {@link Lease}.
 */
public final class Repository {
    public static final int DEFAULT_GRAIN_SIZE = 64 * 1024;
    static final String CONFIG = "config";
    /** The rule for disk names: safe in object keys and file names. */
    public static final String DISK_RULE = "[a-z0-9][a-z0-9._-]{0,63}";
    private static final Pattern DISK = Pattern.compile(DISK_RULE);
    private static final DateTimeFormatter POINT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'-'HHmmssSSS").withZone(ZoneOffset.UTC);
    private static final int POINT_TIME_LENGTH = "yyyyMMdd-HHmmssSSS".length();

    private final ObjectStore store;
    private final RepoConfig config;
    private final Index index = new Index();
    private volatile boolean indexLoaded;
    private final java.util.Set<String> indexFilesRead = new java.util.HashSet<>();

    private Repository(ObjectStore store, RepoConfig config) {
        this.store = store;
        this.config = config;
    }

    /** Creates a repository; fails if {@code store} already holds one. */
    public static Repository init(ObjectStore store, int grainSize) throws IOException {
        RepoConfig config = RepoConfig.create(grainSize);
        if (!store.list("").isEmpty() && store.stat(CONFIG).isEmpty()) {
            throw new RepositoryException(RepositoryException.Kind.ALREADY_EXISTS, store.location()
                    + " is not empty and holds no pilotlight repository: choose an empty location");
        }
        if (!store.putIfAbsent(CONFIG, Envelope.seal(Envelope.Type.CONFIG, config.toJson(), false))) {
            throw new RepositoryException(RepositoryException.Kind.ALREADY_EXISTS, "a repository already exists at "
                    + store.location());
        }
        return new Repository(store, config);
    }

    /** Opens the repository in {@code store}. */
    public static Repository open(ObjectStore store) throws IOException {
        byte[] object;
        try {
            object = store.get(CONFIG);
        } catch (NoSuchObjectException e) {
            throw new RepositoryException(RepositoryException.Kind.NOT_FOUND, "no pilotlight repository at "
                    + store.location() + " (create one with: pilotlight init)");
        }
        return new Repository(store, RepoConfig.fromJson(CONFIG, Envelope.open(Envelope.Type.CONFIG, CONFIG, object)));
    }

    public ObjectStore store() {
        return store;
    }

    public RepoConfig config() {
        return config;
    }

    /** Checks a disk name against the rule; returns it. */
    public static String checkDisk(String disk) {
        if (disk == null || !DISK.matcher(disk).matches()) {
            throw new IllegalArgumentException("disk name '" + disk + "': must match " + DISK_RULE
                    + " (lower-case letters, digits, '.', '_', '-'; at most 64 characters)");
        }
        return disk;
    }

    static String packKey(Hash pack) {
        String hex = pack.hex();
        return "data/" + hex.substring(0, 2) + "/" + hex;
    }

    static String indexKey(byte[] payload) {
        return "index/" + Hash.of(payload).hex();
    }

    static String pointKey(String disk, String id) {
        return "points/" + disk + "/" + id;
    }

    static String groupKey(String group, String id) {
        return "groups/" + group + "/" + id;
    }

    /** Checks a group name against the rule (the same as for disks); returns it. */
    public static String checkGroup(String group) {
        if (group == null || !DISK.matcher(group).matches()) {
            throw new IllegalArgumentException("group name '" + group + "': must match " + DISK_RULE
                    + " (lower-case letters, digits, '.', '_', '-'; at most 64 characters)");
        }
        return group;
    }

    /**
     * A new point id: UTC time to the millisecond, then 4 random hex digits. It sorts after
     * {@code parent} (the disk's newest point) even when the clock says otherwise, so a disk's ids
     * always sort in commit order (its single writer holds the lease).
     */
    public static String newPointId(Instant time, Optional<String> parent) {
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

    /** Reads every index file (once) so blobs can be found and deduplicated. */
    synchronized void loadIndex() throws IOException {
        if (indexLoaded) {
            return;
        }
        readNewIndexFiles();
        indexLoaded = true;
    }

    /**
     * Reads the index files written since the last look (a long-lived reader, such as {@code follow
     * --watch}, meets points committed after it opened the repository); returns whether there were any.
     */
    private synchronized boolean readNewIndexFiles() throws IOException {
        boolean any = false;
        for (ObjectInfo info : store.list("index/")) {
            if (!indexFilesRead.contains(info.key())) {
                Optional<Map<Hash, List<PackEntry>>> packs = readIndexFile(info.key());
                if (packs.isPresent()) {
                    packs.get().forEach(index::addPack);
                    indexFilesRead.add(info.key());
                    any = true;
                }
            }
        }
        return any;
    }

    /** Every pack every index file names, with its blobs: one GET per index file. */
    private void forEachIndexedPack(java.util.function.BiConsumer<Hash, List<PackEntry>> action) throws IOException {
        for (ObjectInfo info : store.list("index/")) {
            readIndexFile(info.key()).ifPresent(packs -> packs.forEach(action));
        }
    }

    /** The packs of one index file; empty when a writer merged and removed it since the listing. */
    private Optional<Map<Hash, List<PackEntry>>> readIndexFile(String key) throws IOException {
        byte[] object;
        try {
            object = store.get(key);
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
        return Optional.of(IndexFile.decode(key, Envelope.open(Envelope.Type.INDEX, key, object)));
    }

    /** Where {@code id} is stored, reading index files written since the last look before giving up. */
    private Index.Location locate(Hash id) throws IOException {
        Optional<Index.Location> found = index().find(id);
        if (found.isEmpty() && readNewIndexFiles()) {
            found = index.find(id);
        }
        return found.orElseThrow(() -> new CorruptObjectException(
                "blob " + id.shortHex() + " is in no index (missing from the repository)"));
    }

    Index index() throws IOException {
        loadIndex();
        return index;
    }

    /** Reads a blob, checks it hashes to its id, and returns its plaintext. */
    public byte[] readBlob(Hash id) throws IOException {
        return readBlob(id, true);
    }

    /**
     * Reads a blob without hashing it against its id, for a caller that checks every grain it takes
     * from it (see {@link #readBatchForGrainChecks}).
     */
    public byte[] readBlobForGrainChecks(Hash id) throws IOException {
        return readBlob(id, false);
    }

    private byte[] readBlob(Hash id, boolean checkId) throws IOException {
        Index.Location location = locate(id);
        String key = packKey(location.pack());
        PackEntry entry = location.entry();
        byte[] stored;
        try {
            stored = store.get(key, entry.offset(), entry.storedLength());
        } catch (NoSuchObjectException e) {
            throw new CorruptObjectException("pack " + key + " holding blob " + id.shortHex() + " is missing");
        }
        return Pack.decodeBlob("blob " + id.shortHex() + " at offset " + entry.offset() + " of pack " + key, entry,
                stored, 0, checkId);
    }

    /**
     * Plans reads of {@code blobs}: batches of blobs close together in one pack, each at most
     * {@code maxBytes} (a single larger blob gets a batch of its own).
     */
    public List<BlobBatch> batches(java.util.Collection<Hash> blobs, int maxBytes) throws IOException {
        List<Index.Location> locations = new ArrayList<>(blobs.size());
        for (Hash id : new java.util.LinkedHashSet<>(blobs)) {
            locations.add(locate(id));
        }
        return BlobBatch.plan(locations, maxBytes);
    }

    /**
     * Reads a batch with one ranged GET, without hashing each blob against its id: for restore paths
     * that prove every grain they take from a chunk, by the grain's SHA-256 in the point's map or by
     * the image digest afterwards, which one SHA-256 pass fewer proves as strongly. Stored lengths
     * and decompression are still checked. Uncompressed blobs are views of the range read (no copy).
     */
    public Map<Hash, ByteBuffer> readBatchForGrainChecks(BlobBatch batch) throws IOException {
        byte[] range;
        try {
            range = store.get(batch.packKey(), batch.start(), batch.length());
        } catch (NoSuchObjectException e) {
            throw new CorruptObjectException("pack " + batch.packKey() + " holding blob "
                    + batch.ids().get(0).shortHex() + " is missing");
        }
        Map<Hash, ByteBuffer> plain = new java.util.HashMap<>();
        for (PackEntry entry : batch.entries()) {
            int from = Math.toIntExact(entry.offset() - batch.start());
            String where = "blob " + entry.id().shortHex() + " at offset " + entry.offset() + " of pack "
                    + batch.packKey();
            plain.put(entry.id(), Pack.blobView(where, entry, range, from));
        }
        return plain;
    }

    /** Reads segment {@code index} of a point's map. */
    public Segment readSegment(Manifest manifest, int index) throws IOException {
        Hash id = manifest.segment(index);
        String where = "segment " + index + " (" + id.shortHex() + ") of " + manifest.disk() + "/" + manifest.id();
        byte[] data;
        try {
            data = readBlob(id);
        } catch (CorruptObjectException e) {
            throw new CorruptObjectException(where + ": " + e.getMessage());
        }
        return Segment.decode(where, data, manifest.grainsIn(index), config.chunkGrains());
    }

    /** Takes the one-writer lease of {@code disk}. */
    public Lease lease(String disk) throws IOException {
        return Lease.acquire(store, checkDisk(disk), "disk " + disk);
    }

    /** Takes the one-writer lease of {@code group}'s group points (each disk still takes its own). */
    public Lease groupLease(String group) throws IOException {
        return Lease.acquire(store, "_groups/" + checkGroup(group), "group " + group);
    }

    /** A writer for new blobs, uploading at most {@code uploads} packs at once. */
    public BlobWriter newBlobWriter(int uploads) throws IOException {
        return new BlobWriter(store, index(), config.packTargetBytes(), uploads);
    }

    /** Makes a restore point visible. Call only once every blob it needs is durable. */
    public void commit(Manifest manifest) throws IOException {
        String key = pointKey(manifest.disk(), manifest.id());
        byte[] object = Envelope.seal(Envelope.Type.MANIFEST, manifest.toJson(), false);
        if (!store.putIfAbsent(key, object)) {
            throw new IllegalStateException("restore point " + key + " already exists");
        }
    }

    /**
     * Makes a group point visible. Every member's point must be committed and match the member's
     * digest and size; the group object is written last, with put-if-absent.
     */
    public void commitGroup(GroupPoint group) throws IOException {
        checkGroup(group.group());
        for (GroupPoint.Member member : group.disks()) {
            Manifest manifest = readManifest(checkDisk(member.disk()), member.point());
            if (!manifest.digest().equals(member.digest()) || manifest.diskSize() != member.diskSize()) {
                throw new IllegalStateException("group " + group.group() + "/" + group.id() + ": member "
                        + member.name() + " does not match point " + member.disk() + "/" + member.point());
            }
        }
        String key = groupKey(group.group(), group.id());
        if (!store.putIfAbsent(key, Envelope.seal(Envelope.Type.GROUP, group.toJson(), false))) {
            throw new IllegalStateException("group point " + key + " already exists");
        }
    }

    /** Groups with at least one committed group point, sorted. */
    public List<String> groups() throws IOException {
        return secondLevelNames("groups/");
    }

    /** Ids of a group's committed points, oldest first: a listing, no object is read. */
    public List<String> groupIds(String group) throws IOException {
        return sortedNames("groups/" + checkGroup(group) + "/");
    }

    /** A group's points, oldest first. */
    public List<GroupPoint> groupPoints(String group) throws IOException {
        List<GroupPoint> points = new ArrayList<>();
        for (String id : groupIds(group)) {
            points.add(readGroup(group, id));
        }
        return points;
    }

    /** The newest point of {@code group}, if any. */
    public Optional<GroupPoint> latestGroup(String group) throws IOException {
        List<String> ids = groupIds(group);
        return ids.isEmpty() ? Optional.empty() : Optional.of(readGroup(group, ids.get(ids.size() - 1)));
    }

    /** The group point named by {@code ref}: {@code latest}, a full id, or a unique id prefix. */
    public GroupPoint groupPoint(String group, String ref) throws IOException {
        List<String> ids = groupIds(group);
        if (ids.isEmpty()) {
            throw new RepositoryException(RepositoryException.Kind.UNKNOWN_DISK, "group " + group
                    + " has no group points in " + store.location() + "; groups: " + String.join(", ", groups()));
        }
        return readGroup(group, resolve(ids, ref, "group point", "group " + group));
    }

    /** The manifest of one member of a group point, checked to have the digest the group names. */
    public Manifest member(GroupPoint point, GroupPoint.Member member) throws IOException {
        Manifest manifest = manifest(member.disk(), member.point());
        if (!manifest.id().equals(member.point()) || !manifest.digest().equals(member.digest())) {
            throw new CorruptObjectException("group point " + point.group() + "/" + point.id() + " names point "
                    + member.point() + " with digest " + member.digest() + " for disk " + member.name()
                    + ", but disk " + member.disk() + " holds point " + manifest.id() + " with digest "
                    + manifest.digest());
        }
        return manifest;
    }

    private GroupPoint readGroup(String group, String id) throws IOException {
        String key = groupKey(group, id);
        GroupPoint point = GroupPoint.fromJson(key, Envelope.open(Envelope.Type.GROUP, key, store.get(key)));
        if (!key.equals(groupKey(point.group(), point.id()))) {
            throw new CorruptObjectException(key + ": group point names " + point.group() + "/" + point.id());
        }
        return point;
    }

    /** The one id {@code ref} names: {@code latest} (or null), a full id, or a unique prefix. */
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

    /** Sorted names one level below {@code prefix} that have objects under them. */
    private List<String> secondLevelNames(String prefix) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (ObjectInfo info : store.list(prefix)) {
            String[] parts = info.key().split("/");
            if (parts.length == 3) {
                names.add(parts[1]);
            }
        }
        return List.copyOf(names);
    }

    /** Sorted names of the objects directly under {@code prefix}. */
    private List<String> sortedNames(String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        for (ObjectInfo info : store.list(prefix)) {
            names.add(info.key().substring(prefix.length()));
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /** Disks with at least one committed point, sorted. */
    public List<String> disks() throws IOException {
        return secondLevelNames("points/");
    }

    /** Committed points, oldest first; every disk's when {@code disk} is empty. */
    public List<PointInfo> points(Optional<String> disk) throws IOException {
        List<PointInfo> points = new ArrayList<>();
        for (String name : disk.map(List::of).orElse(disks())) {
            manifests(name).forEach(m -> points.add(m.info()));
        }
        return points;
    }

    /** A disk's manifests, oldest first (point ids sort by time). */
    public List<Manifest> manifests(String disk) throws IOException {
        List<Manifest> manifests = new ArrayList<>();
        for (String id : pointIds(disk)) {
            manifests.add(readManifest(disk, id));
        }
        return manifests;
    }

    /** Ids of a disk's committed points, oldest first: a listing, no manifest is read. */
    public List<String> pointIds(String disk) throws IOException {
        return sortedNames("points/" + checkDisk(disk) + "/");
    }

    private Manifest readManifest(String disk, String id) throws IOException {
        String key = pointKey(disk, id);
        Manifest manifest = Manifest.fromJson(key, Envelope.open(Envelope.Type.MANIFEST, key, store.get(key)));
        if (!key.equals(pointKey(manifest.disk(), manifest.id()))) {
            throw new CorruptObjectException(key + ": manifest names " + manifest.disk() + "/" + manifest.id());
        }
        return manifest;
    }

    /** The newest point of {@code disk}, if any; reads one manifest. */
    public Optional<Manifest> latest(String disk) throws IOException {
        List<String> ids = pointIds(disk);
        return ids.isEmpty() ? Optional.empty() : Optional.of(readManifest(disk, ids.get(ids.size() - 1)));
    }

    /** The point named by {@code ref}: {@code latest}, a full id, or a unique id prefix; reads one manifest. */
    public Manifest manifest(String disk, String ref) throws IOException {
        List<String> ids = pointIds(disk);
        if (ids.isEmpty()) {
            throw new RepositoryException(RepositoryException.Kind.UNKNOWN_DISK, "disk " + disk
                    + " has no restore points in " + store.location() + "; disks: " + String.join(", ", disks()));
        }
        return readManifest(disk, resolve(ids, ref, "point", "disk " + disk));
    }

    public PointInfo point(String disk, String ref) throws IOException {
        return manifest(disk, ref).info();
    }

    /** Number of blobs the indexes name. */
    public int indexedBlobCount() throws IOException {
        return index().size();
    }

    /** The key of the pack an index says holds {@code blob}. */
    public Optional<String> packKeyOf(Hash blob) throws IOException {
        return index().find(blob).map(location -> packKey(location.pack()));
    }

    /** Keys of the packs the store holds. */
    public java.util.Set<String> storedPackKeys() throws IOException {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (ObjectInfo info : store.list("data/")) {
            keys.add(info.key());
        }
        return keys;
    }

    /** Every indexed pack and its blobs, read from the index files once, for verification. */
    public PackInventory packInventory() throws IOException {
        Map<Hash, List<PackEntry>> packs = new java.util.HashMap<>();
        forEachIndexedPack((pack, entries) -> packs.computeIfAbsent(pack, p -> new ArrayList<>()).addAll(entries));
        return new PackInventory(store, packs);
    }
}
