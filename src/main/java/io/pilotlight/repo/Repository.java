package io.pilotlight.repo;

import io.pilotlight.repo.seal.ObjectSeal;
import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.repo.seal.KeyRing;
import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A pilotlight repository in an object store: the format's single owner (docs/design.md). Opens or
 * creates one and hands its work to narrow roles: {@link RepositoryLayout} names every key,
 * {@link PointCatalog} lists, resolves and commits points and group points, {@link DrillRecords} keeps
 * the evidence of drills, {@link BlobReader}
 * reads blobs through the {@link IndexReader}, and writes go through {@link BlobWriter} and
 * {@link Lease}. Reads check a hash every time.
 */
public final class Repository {
    public static final int DEFAULT_GRAIN_SIZE = 64 * 1024;
    /** The rule for disk names: safe in object keys and file names. */
    public static final String DISK_RULE = RepositoryLayout.NAME_RULE;

    /** A repository id that may name its directory in a cache (a config's id is a UUID). */
    public static final String CACHE_NAME = "[A-Za-z0-9-]{1,64}";

    private final ObjectStore store;
    private final ContentIds ids;
    private final Optional<RepositoryKeys> keys;
    private volatile RepoConfig config;
    private final PointCatalog catalog;
    private final IndexReader indexes;
    private final BlobReader blobs;
    private final RepositoryPacks plans;
    private final IndexFileWriter indexWriter;
    private final DrillRecords drills;
    private final Optional<PointRetention> retention;

    private Repository(Locking locking, RepoConfig config, Optional<RepositoryKeys> keys, Clock clock,
            Optional<Path> cache) {
        ObjectStore retained = locking.store();
        PackLocks locks = locking.locks();
        this.store = keys.map(k -> (ObjectStore) new SealedObjectStore(retained, new ObjectSeal(k.master())))
                .orElse(retained);
        this.ids = keys.map(k -> ContentIds.keyed(k.master().idKey())).orElse(ContentIds.SHA256);
        this.keys = keys;
        this.config = config;
        this.catalog = new PointCatalog(store);
        // No local index copies of an encrypted repository: they would lie decrypted on this host's disk (§15a).
        this.indexes = new IndexReader(store, cache.filter(c -> keys.isEmpty() && config.id().matches(CACHE_NAME))
                .map(c -> new IndexFileCache(c.resolve(config.id()).resolve("index"))), clock, ids);
        this.blobs = new BlobReader(store, indexes, config.chunkGrains(), ids);
        this.indexWriter = new IndexFileWriter(store, ids, this::indexNamesSupersede, clock);
        this.plans = new RepositoryPacks(store, ids, indexWriter);
        this.drills = new DrillRecords(store);
        this.retention = config.lock().map(lock -> new PointRetention(store, lock, blobs, indexes, clock, locks));
    }

    /**
     * The store as a locked repository writes it (§21: sealing goes above, so what is locked is the
     * sealed object), and what this host knows of its objects' locks (§21.2), kept beside the index
     * cache, never in it. Key files are written through it, so they are locked too.
     */
    private record Locking(ObjectStore store, PackLocks locks) {
        static Locking of(ObjectStore raw, RepoConfig config, Clock clock, Optional<Path> lockCache) {
            PackLocks locks = config.lock().isEmpty() ? PackLocks.inMemory() : lockCache
                    .filter(c -> config.id().matches(CACHE_NAME))
                    .map(c -> PackLocks.inFile(c.resolve(config.id()).resolve(PackLocks.FILE_NAME), clock.instant()))
                    .orElseGet(PackLocks::inMemory);
            return new Locking(config.lock().<ObjectStore>map(lock -> new RetainingObjectStore(raw, lock, clock, locks))
                    .orElse(raw), locks);
        }
    }

    /** Creates a plain repository; fails if {@code store} already holds one. */
    public static Repository init(ObjectStore store, int grainSize) throws IOException {
        return init(store, grainSize, Optional.empty(), Optional.empty(), Clock.systemUTC());
    }

    /**
     * Creates a repository, encrypted under a new random master key when {@code encryption} gives
     * the first passphrase (docs/design.md §20); fails if {@code store} already holds one.
     */
    public static Repository init(ObjectStore store, int grainSize, Optional<RepositoryKeys.NewKey> encryption)
            throws IOException {
        return init(store, grainSize, Optional.empty(), encryption, Clock.systemUTC());
    }

    /** Creates a plain repository whose points are kept under {@code lock} (S3 Object Lock, §21) if given. */
    public static Repository init(ObjectStore store, int grainSize, Optional<ObjectLock> lock, Clock clock)
            throws IOException {
        return init(store, grainSize, lock, Optional.empty(), clock);
    }

    /**
     * Creates a repository: encrypted when {@code encryption} gives the first passphrase (§20), its
     * points kept under {@code lock} when given (§21; refused on a store that cannot lock objects, a
     * directory). The key file is written before the config, so a config that says encrypted always
     * has a key; with a lock, the config is locked too.
     */
    public static Repository init(ObjectStore store, int grainSize, Optional<ObjectLock> lock,
            Optional<RepositoryKeys.NewKey> encryption, Clock clock) throws IOException {
        if (lock.isPresent() && !store.supportsRetention()) {
            throw new IllegalArgumentException("--lock-days needs an S3 bucket with Object Lock enabled; "
                    + store.location() + " cannot lock objects");
        }
        RepoConfig config = RepoConfig.create(grainSize, encryption.isPresent(), lock);
        String key = RepositoryLayout.CONFIG;
        if (!store.list("").isEmpty() && store.stat(key).isEmpty()) {
            throw new RepositoryException(RepositoryException.Kind.ALREADY_EXISTS, store.location()
                    + " is not empty and holds no pilotlight repository: choose an empty location");
        }
        if (store.stat(key).isPresent()) {
            throw new RepositoryException(RepositoryException.Kind.ALREADY_EXISTS, "a repository already exists at "
                    + store.location());
        }
        Locking locking = Locking.of(store, config, clock, Optional.empty());
        Optional<RepositoryKeys> keys = encryption.isEmpty() ? Optional.empty()
                : Optional.of(RepositoryKeys.create(locking.store(), config.id(), encryption.get()));
        Repository repository = new Repository(locking, config, keys, clock, Optional.empty());
        if (!repository.store.putIfAbsent(key, Envelope.seal(Envelope.Type.CONFIG, config.toJson(), false))) {
            throw new RepositoryException(RepositoryException.Kind.ALREADY_EXISTS, "a repository already exists at "
                    + store.location());
        }
        return repository;
    }

    /** Opens a plain repository in {@code store}; an encrypted one is a {@link WrongKeyException}. */
    public static Repository open(ObjectStore store) throws IOException {
        return open(store, Passphrases.NONE, Clock.systemUTC(), Optional.empty());
    }

    /** Opens the repository in {@code store}; an encrypted one with the passphrase {@code passphrases} gives. */
    public static Repository open(ObjectStore store, Passphrases passphrases) throws IOException {
        return open(store, passphrases, Clock.systemUTC(), Optional.empty());
    }

    /**
     * Opens the repository in {@code store}; an encrypted one with the passphrase {@code passphrases}
     * gives (asked only then). When the user named a passphrase, a plain repository is refused: an
     * encrypted repository is never read as a plain one (docs/design.md §20.5). {@code clock} dates the
     * retention of what it writes (§21); {@code cache} is this host's cache directory, where a plain
     * repository's index files are copied so a run GETs only those it has not seen (§15a).
     */
    public static Repository open(ObjectStore store, Passphrases passphrases, Clock clock, Optional<Path> cache)
            throws IOException {
        return open(store, passphrases, clock, cache, cache);
    }

    /**
     * As {@link #open(ObjectStore, Passphrases, Clock, Optional)}, with the index cache and the memory of
     * packs' locks (§21.2) given apart: a writer that must read every index file (the daemon's jobs,
     * verify among them) still remembers locks in {@code lockCache}.
     */
    public static Repository open(ObjectStore store, Passphrases passphrases, Clock clock, Optional<Path> cache,
            Optional<Path> lockCache) throws IOException {
        RepoConfig config = readConfig(store);
        if (!config.encrypted()) {
            if (passphrases.named() || !store.list(KeyRing.PREFIX).isEmpty()) {
                throw new RepositoryException(RepositoryException.Kind.UNSUPPORTED, "repository at "
                        + store.location() + " says it is not encrypted, but " + (passphrases.named()
                        ? "a passphrase was given" : "it holds key files under " + KeyRing.PREFIX) + ": refusing to read"
                        + " it as plain (a replaced config?; if it is meant to be plain, name no"
                        + " passphrase in " + passphrases.source() + ")");
            }
            return new Repository(Locking.of(store, config, clock, lockCache), config, Optional.empty(), clock, cache);
        }
        Locking locking = Locking.of(store, config, clock, lockCache);
        return new Repository(locking, config, Optional.of(RepositoryKeys.open(locking.store(), config.id(),
                passphrases)), clock, cache);
    }

    private static RepoConfig readConfig(ObjectStore store) throws IOException {
        String key = RepositoryLayout.CONFIG;
        byte[] object;
        try {
            object = store.get(key);
        } catch (NoSuchObjectException e) {
            throw new RepositoryException(RepositoryException.Kind.NOT_FOUND, "no pilotlight repository at "
                    + store.location() + " (create one with: pilotlight init)");
        }
        try {
            return RepoConfig.fromJson(key, Envelope.open(Envelope.Type.CONFIG, key, object));
        } catch (CorruptObjectException e) {
            throw new CorruptObjectException(e.getMessage() + " (pilotlight repair config rewrites it from the points)");
        }
    }

    public RepoConfig config() {
        return config;
    }

    /** How this repository names content: keyed ids when it is encrypted (docs/design.md §20.4). */
    public ContentIds contentIds() {
        return ids;
    }

    /** The key files of an encrypted repository; empty for a plain one. */
    public Optional<RepositoryKeys> keys() {
        return keys;
    }

    /** Whether index files are time-named and name what they supersede: format 6 and later (§5, §15a). */
    private boolean indexNamesSupersede() {
        return config.format() >= RepoConfig.SUPERSEDING_INDEX_SINCE;
    }

    /** Packs, index files, prune plans and leases, for prune (docs/design.md §16). */
    public RepositoryPacks packs() {
        return plans;
    }

    /**
     * Rewrites {@code config} at the current format if it is older (an atomic replace, §16.5), so
     * older pilotlight versions refuse the repository; returns whether it did.
     */
    public boolean upgradeFormat() throws IOException {
        if (config.format() >= RepoConfig.FORMAT) {
            return false;
        }
        RepoConfig upgraded = config.upgraded();
        store.put(RepositoryLayout.CONFIG, Envelope.seal(Envelope.Type.CONFIG, upgraded.toJson(), false));
        config = upgraded;
        return true;
    }

    /** Checks a disk name against the rule; returns it. */
    public static String checkDisk(String disk) {
        return RepositoryLayout.checkDisk(disk);
    }

    /** Checks a group name against the rule (the same as for disks); returns it. */
    public static String checkGroup(String group) {
        return RepositoryLayout.checkGroup(group);
    }

    /**
     * A new point id: UTC time to the millisecond, then 4 random hex digits. It sorts after
     * {@code parent} (the disk's newest point) even when the clock says otherwise, so a disk's ids
     * always sort in commit order (its single writer holds the lease).
     */
    public static String newPointId(Instant time, Optional<String> parent) {
        return RepositoryLayout.newPointId(time, parent);
    }

    /** Takes the one-writer lease of {@code disk}. */
    public Lease lease(String disk) throws IOException {
        return Lease.acquire(store, RepositoryLayout.diskLockKey(disk), "disk " + disk);
    }

    /** Takes the one-writer lease of {@code group}'s group points (each disk still takes its own). */
    public Lease groupLease(String group) throws IOException {
        return Lease.acquire(store, RepositoryLayout.groupLockKey(group), "group " + group);
    }

    /**
     * A writer for new blobs, uploading at most {@code uploads} packs at once. Call it holding the
     * lease: it reads the prune plans, then the index (in that order, docs/design.md §16.2), and
     * stores again any blob whose indexed copy is in a planned pack.
     */
    public BlobWriter newBlobWriter(int uploads) throws IOException {
        return newBlobWriter(uploads, Set.of());
    }

    /** The same, also storing again blobs indexed in {@code avoid} (prune's repack). */
    public BlobWriter newBlobWriter(int uploads, Set<Hash> avoid) throws IOException {
        Set<Hash> planned = new java.util.HashSet<>(avoid);
        for (PrunePlan plan : plans.plans()) {
            plan.packs().forEach(pack -> planned.add(pack.id()));
        }
        return new BlobWriter(store, indexes, planned, config.packTargetBytes(), uploads, ids, indexWriter);
    }

    /**
     * Makes a restore point visible. Call only once every blob it needs is durable. In a locked
     * repository (§21) every pack the point needs is first locked for as long as the point.
     */
    public void commit(Manifest manifest) throws IOException {
        if (retention.isPresent()) {
            retention.get().cover(manifest);
        }
        catalog.commit(manifest);
    }

    // Object Lock (docs/design.md §21): see PointRetention.

    /** The Object Lock every writer of this repository applies, if any. */
    public Optional<ObjectLock> lock() {
        return config.lock();
    }

    /** When point {@code id} of {@code disk} unlocks, if the repository is locked and the point still is. */
    public Optional<Instant> pointLockedUntil(String disk, String id) throws IOException {
        return lockedUntil(RepositoryLayout.pointKey(checkDisk(disk), id));
    }

    /** When group point {@code id} of {@code group} unlocks, if it still is locked. */
    public Optional<Instant> groupLockedUntil(String group, String id) throws IOException {
        return lockedUntil(RepositoryLayout.groupKey(checkGroup(group), id));
    }

    private Optional<Instant> lockedUntil(String key) throws IOException {
        return retention.isEmpty() ? Optional.empty() : retention.get().lockedUntil(key);
    }

    /** The packs of {@code packs} still locked, with when each unlocks; empty in an unlocked repository. */
    public Map<Hash, Instant> lockedPacks(Collection<Hash> packs) throws IOException {
        return retention.isEmpty() || packs.isEmpty() ? Map.of() : retention.get().lockedPacks(packs);
    }

    /**
     * The objects of {@code manifests} (manifests and packs) whose retention does not last until the
     * newest point needing them was created plus the lock's period, one line each; empty in an
     * unlocked repository (for verify).
     */
    public List<String> unretainedObjects(Collection<Manifest> manifests) throws IOException {
        return retention.isEmpty() ? List.of() : retention.get().unretained(manifests);
    }

    /**
     * Makes a group point visible. Every member's point must be committed and match the member's
     * digest and size; the group object is written last, with put-if-absent.
     */
    public void commitGroup(GroupPoint group) throws IOException {
        catalog.commitGroup(group);
    }

    // Points and group points: see PointCatalog.

    /** Disks with at least one committed point, sorted. */
    public List<String> disks() throws IOException {
        return catalog.disks();
    }

    /** Committed points, oldest first; every disk's when {@code disk} is empty. */
    public List<PointInfo> points(Optional<String> disk) throws IOException {
        return catalog.points(disk);
    }

    /**
     * Committed points, oldest first, as far as they can be read; every disk's when {@code disk} is
     * empty. Unreadable manifests are named as {@code <disk>/<id>} with why, never fatal.
     */
    public Readable<PointInfo> readablePoints(Optional<String> disk) throws IOException {
        List<PointInfo> points = new java.util.ArrayList<>();
        Map<String, String> unreadable = new java.util.LinkedHashMap<>();
        for (String name : disk.map(List::of).orElse(disks())) {
            Readable<Manifest> manifests = catalog.readableManifests(name);
            manifests.read().forEach(m -> points.add(m.info()));
            manifests.unreadable().forEach((id, why) -> unreadable.put(name + "/" + id, why));
        }
        return new Readable<>(points, unreadable);
    }

    /** A disk's manifests, oldest first, as far as they can be read; the others by id, with why. */
    public Readable<Manifest> readableManifests(String disk) throws IOException {
        return catalog.readableManifests(disk);
    }

    /**
     * The newest point of {@code disk} that can be read (at most one), and the newer points that
     * cannot, newest first, with why: a replicate's parent when the newest manifest is damaged.
     */
    public Readable<Manifest> latestReadable(String disk) throws IOException {
        return catalog.latestReadable(disk);
    }

    /** A group's points, oldest first, as far as they can be read; the others by id, with why. */
    public Readable<GroupPoint> readableGroupPoints(String group) throws IOException {
        return catalog.readableGroupPoints(group);
    }

    /** A disk's manifests, oldest first (point ids sort by time). */
    public List<Manifest> manifests(String disk) throws IOException {
        return catalog.manifests(disk);
    }

    /** The newest point of {@code disk}, if any; reads one manifest. */
    public Optional<Manifest> latest(String disk) throws IOException {
        return catalog.latest(disk);
    }

    /** The point named by {@code ref}: {@code latest}, a full id, or a unique id prefix; reads one manifest. */
    public Manifest manifest(String disk, String ref) throws IOException {
        return catalog.manifest(disk, ref);
    }

    public PointInfo point(String disk, String ref) throws IOException {
        return manifest(disk, ref).info();
    }

    /** Groups with at least one committed group point, sorted. */
    public List<String> groups() throws IOException {
        return catalog.groups();
    }

    /** Ids of a disk's committed points, oldest first: a listing, no object is read. */
    public List<String> pointIds(String disk) throws IOException {
        return catalog.pointIds(disk);
    }

    /** Ids of a group's committed points, oldest first: a listing, no object is read. */
    public List<String> groupIds(String group) throws IOException {
        return catalog.groupIds(group);
    }

    /** A group's points, oldest first. */
    public List<GroupPoint> groupPoints(String group) throws IOException {
        return catalog.groupPoints(group);
    }

    /** The newest point of {@code group}, if any. */
    public Optional<GroupPoint> latestGroup(String group) throws IOException {
        return catalog.latestGroup(group);
    }

    /** The group point named by {@code ref}: {@code latest}, a full id, or a unique id prefix. */
    public GroupPoint groupPoint(String group, String ref) throws IOException {
        return catalog.groupPoint(group, ref);
    }

    /**
     * Which group points name each point of {@code disk}: point id to the {@code <group>/<group point id>}
     * of each; such a point is forgotten only with its group points.
     */
    public Map<String, List<String>> memberships(String disk) throws IOException {
        return catalog.memberships(checkDisk(disk));
    }

    /**
     * Forgets points {@code ids} of {@code disk}: deletes their manifests, leaving their data for
     * prune (docs/design.md §16.1). Refuses them all, deleting nothing, when one does not exist
     * ({@link RepositoryException}), is the newest point of the disk or is named by a group point
     * ({@link IllegalArgumentException}). Takes no lease: a replicate reads only the newest point.
     */
    public void forget(String disk, Collection<String> ids) throws IOException {
        catalog.forget(checkDisk(disk), List.copyOf(ids));
        drills.forget(false, disk, ids); // after the manifests: a crash between leaves records prune removes
    }

    /** Refuses, as {@link #forget} would, to forget points {@code ids} of {@code disk}; deletes nothing. */
    public void checkForget(String disk, Collection<String> ids) throws IOException {
        catalog.checkForget(checkDisk(disk), List.copyOf(ids));
    }

    /**
     * Forgets group point {@code id} of {@code group}: deletes it, then each member's manifest that
     * is neither its disk's newest point nor named by another group point; returns those members as
     * {@code <disk>/<id>}. Refuses the group's newest group point ({@link IllegalArgumentException}).
     */
    public List<String> forgetGroup(String group, String id) throws IOException {
        List<String> members = catalog.forgetGroup(checkGroup(group), id);
        drills.forget(true, group, List.of(id));
        for (String member : members) {
            int slash = member.indexOf('/');
            drills.forget(false, member.substring(0, slash), List.of(member.substring(slash + 1)));
        }
        return members;
    }

    /**
     * Deletes point {@code id} of {@code disk} because it cannot be restored ({@code repair points},
     * docs/design.md §18): unlike {@link #forget}, also the newest point of its disk (the next
     * replicate takes the newest readable one as its parent) and a group's member (its group point
     * is removed first). Its data stays for prune.
     */
    public void removeUnrestorable(String disk, String id) throws IOException {
        catalog.removeUnrestorable(disk, id);
    }

    /** Deletes group point {@code id} of {@code group} because it cannot be read or names a point that cannot be restored. */
    public void removeUnrestorableGroupPoint(String group, String id) throws IOException {
        catalog.removeUnrestorableGroupPoint(group, id);
    }

    /** The manifest of one member of a group point, checked to have the digest the group names. */
    public Manifest member(GroupPoint point, GroupPoint.Member member) throws IOException {
        return catalog.member(point, member);
    }

    // Drill records: see DrillRecords (docs/design.md §17).

    /**
     * Stores a drill's record, and its screenshot (a PNG) first when the record names one; returns the
     * record's key. Writes nothing else: points, packs and index stay as they are.
     */
    public String recordDrill(DrillRecord record, Optional<byte[]> screenshot) throws IOException {
        return drills.record(record, screenshot);
    }

    /**
     * The newest drill record of each drilled point of a disk ({@code group} false) or group point of a
     * group, or of every disk or group when {@code owner} is empty, keyed {@code <owner>/<point id>}.
     * A corrupt record is {@link DrillEvidence.Unreadable}, not an exception.
     */
    public Map<String, DrillEvidence> newestDrills(boolean group, Optional<String> owner) throws IOException {
        return drills.newest(group, owner);
    }

    /** The newest drill record of one point (or group point), if it was drilled. */
    public Optional<DrillEvidence> newestDrill(boolean group, String owner, String point) throws IOException {
        return drills.newest(group, owner, point);
    }

    /** A drill's screenshot (PNG), checked against its record. */
    public byte[] drillScreenshot(DrillEvidence.Recorded evidence) throws IOException {
        return drills.screenshot(evidence);
    }

    /** Deletes drill records of points that no longer exist (prune's step, §17); returns how many objects. */
    public int removeOrphanDrillRecords() throws IOException {
        return drills.removeOrphans();
    }

    /** Records of what cloud {@code provider} (e.g. {@code aws}) holds for restore points (docs/design.md). */
    public CloudRecords cloudRecords(String provider) {
        return new CloudRecords(store, provider);
    }

    /** The clouds (e.g. {@code aws}) that hold a record of any point of any disk, in name order. */
    public List<String> cloudProviders() throws IOException {
        return CloudRecords.providers(store);
    }

    // Blob reads: see BlobReader.

    /**
     * Reads a blob without hashing it against its id, for a caller that checks every grain it takes
     * from it (see {@link #readBatchForGrainChecks}).
     */
    public byte[] readBlobForGrainChecks(Hash id) throws IOException {
        return blobs.readBlobForGrainChecks(id);
    }

    /**
     * Plans reads of {@code blobs}: batches of blobs close together in one pack, each at most
     * {@code maxBytes} (a single larger blob gets a batch of its own).
     */
    public List<BlobBatch> batches(Collection<Hash> blobs, int maxBytes) throws IOException {
        return this.blobs.batches(blobs, maxBytes);
    }

    /**
     * Reads a batch with one ranged GET, without hashing each blob against its id: for restore paths
     * that prove every grain they take from a chunk, by the grain's SHA-256 in the point's map or by
     * the image digest afterwards, which one SHA-256 pass fewer proves as strongly. Stored lengths
     * and decompression are still checked. Uncompressed blobs are views of the range read (no copy).
     */
    public Map<Hash, ByteBuffer> readBatchForGrainChecks(BlobBatch batch) throws IOException {
        return blobs.readBatchForGrainChecks(batch);
    }

    /** Reads segment {@code index} of a point's map. */
    public Segment readSegment(Manifest manifest, int index) throws IOException {
        return blobs.readSegment(manifest, index);
    }

    // What the index and the store say about packs, for verify: see IndexReader.

    /** Forgets the index read so far and reads every index file afresh (prune may have rewritten them). */
    public void reloadIndex() throws IOException {
        indexes.reload();
    }

    /**
     * Index files that failed their checks, by key, with why. Readers skip them (their blobs count
     * as not indexed, so a replicate stores them again); {@code repair index} rebuilds the index.
     */
    public Map<String, String> damagedIndexFiles() throws IOException {
        return indexes.damagedIndexFiles();
    }

    /** Number of blobs the indexes name. */
    public int indexedBlobCount() throws IOException {
        return indexes.indexedBlobCount();
    }

    /** The key of the pack an index says holds {@code blob}. */
    public Optional<String> packKeyOf(Hash blob) throws IOException {
        return indexes.packKeyOf(blob);
    }

    /** Keys of the packs the store holds. */
    public Set<String> storedPackKeys() throws IOException {
        return indexes.storedPackKeys();
    }

    /** Every indexed pack and its blobs, read from the index files once, for verification. */
    public PackInventory packInventory() throws IOException {
        return indexes.packInventory().checkedWith(ids);
    }
}
