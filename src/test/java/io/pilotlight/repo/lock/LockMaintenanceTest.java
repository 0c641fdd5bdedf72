package io.pilotlight.repo.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.ConfigRepair;
import io.pilotlight.repo.DeleteMarkerRepair;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.ObjectLock;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.RepoConfig;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryKeys;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.check.VerifyReport;
import io.pilotlight.repo.seal.Argon2Params;
import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.store.DeleteMarker;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectRetention;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.store.S3ObjectStore;
import io.pilotlight.testing.MotoS3;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Keeping a locked repository (docs/design.md §21) on moto's S3 server, which enforces Object Lock:
 * remembered pack locks spare a commit its HEADs, delete markers over locked versions are removed, and
 * {@code repair config} rebuilds a lost config of an encrypted, locked repository under its lock.
 */
@Slow
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LockMaintenanceTest {
    private static final String BUCKET = "maintenance-locked";
    private static final char[] PASSPHRASE = "a locked passphrase".toCharArray();

    @RegisterExtension
    static final MotoS3 server = MotoS3.withBuckets(BUCKET);

    @TempDir
    Path temp;

    @Test
    void rememberedLocksSpareACommitTheHeadsOfPacksKnownToCoverIt() throws Exception {
        int runs = 8;
        int[] before = new int[runs];
        int[] forgetful = commitHeads("forgetful", runs, Optional.empty(), before);
        int[] remembering = commitHeads("remembering", runs, Optional.of(temp.resolve("cache")), new int[runs]);
        System.out.printf("retention HEADs per commit, %d commits: one per pack needed %s (%d), a fresh process"
                + " without the cache %s (%d), with the cache %s (%d)%n", runs, Arrays.toString(before),
                sum(before), Arrays.toString(forgetful), sum(forgetful), Arrays.toString(remembering), sum(remembering));

        assertThat(sum(forgetful)).isLessThan(sum(before));
        assertThat(sum(remembering)).isLessThan(sum(forgetful));
        for (int run = 1; run < runs; run++) {
            // Only the previous run's pack: written with the lock from its own run, short of this point's.
            assertThat(remembering[run]).as("run %d", run).isEqualTo(1);
        }
        assertThat(Files.readString(temp.resolve("cache").resolve(idOf("remembering")).resolve("pack-locks")))
                .startsWith("pilotlight pack locks 1\n").contains("data/").contains("\nconfig COMPLIANCE ");
    }

    @Test
    void aStaleMemoryNeverHidesAShortLockFromVerify() throws Exception {
        S3ObjectStore store = server.open("s3://" + BUCKET + "/stale", MotoS3.Identity.WRITER);
        Repository repository = Repository.init(store, 65536, Optional.of(new ObjectLock("compliance", 2)),
                Clock.systemUTC());
        Path image = image(9);
        Path cache = temp.resolve("stale-cache");
        LockTestDisks.replicate(Repository.open(store, Passphrases.NONE, Clock.systemUTC(), Optional.empty(), Optional.of(cache)),
                image);
        String pack = repository.storedPackKeys().iterator().next();
        // This host learned a long lock of the pack (as after an extension) ...
        Path memory = cache.resolve(repository.config().id()).resolve("pack-locks");
        Files.writeString(memory, "pilotlight pack locks 1\n" + pack + " COMPLIANCE "
                + Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\n");
        // ... then a careless writer stored the same bytes as a new version without retention.
        store.put(pack, store.get(pack));
        change(image, 10, 0);
        // The memory still says the pack is locked, so this commit does not extend it ...
        PointInfo second = LockTestDisks.replicate(Repository.open(store, Passphrases.NONE, Clock.systemUTC(), Optional.empty(),
                Optional.of(cache)), image);
        assertThat(store.retention(pack)).isEmpty();
        // ... and verify, which never uses the memory, names it.
        VerifyReport report = new Verifier(Repository.open(store), ProgressListener.NONE).verify(false);
        assertThat(report.retentionFaults()).anySatisfy(fault -> assertThat(fault).startsWith("retention: " + pack
                + " has no retention, point d1/" + second.id()));
    }

    @Test
    void deleteMarkersOverLockedVersionsAreRemovedAndThePointsShowAgain() throws Exception {
        S3ObjectStore writer = server.open("s3://" + BUCKET + "/markers", MotoS3.Identity.WRITER);
        Repository repository = Repository.init(writer, 65536, Optional.of(new ObjectLock("compliance", 2)),
                Clock.systemUTC());
        Path image = image(11);
        PointInfo first = LockTestDisks.replicate(repository, image);
        change(image, 12, 0);
        PointInfo second = LockTestDisks.replicate(repository, image);
        String pack = repository.storedPackKeys().iterator().next();
        writer.put("points/d1/20000101-000000000", "not a point".getBytes()); // unlocked, as a forgotten point was
        writer.put("index/ffff", "an index file".getBytes());
        // An attacker with the writer's credentials: each DeleteObject succeeds and only adds a marker.
        try (S3Client s3 = server.s3(MotoS3.Identity.WRITER)) {
            for (String key : List.of("config", "points/d1/" + first.id(), pack, "points/d1/20000101-000000000",
                    "index/ffff")) {
                s3.deleteObject(r -> r.bucket(BUCKET).key("markers/" + key));
            }
        }
        assertThatThrownBy(() -> Repository.open(writer)).hasMessageContaining("no pilotlight repository");

        S3ObjectStore admin = server.open("s3://" + BUCKET + "/markers", MotoS3.Identity.ADMIN);
        // The replicates' lease deletes (locks/d1) left a marker too: leases are not locked.
        assertThat(admin.deleteMarkers("").stream().map(DeleteMarker::key)).hasSize(6).contains("locks/d1");
        DeleteMarkerRepair.Result dryRun = DeleteMarkerRepair.run(admin, Clock.systemUTC(), true);
        assertThat(dryRun.removed()).isEqualTo(3);
        assertThat(admin.deleteMarkers("")).hasSize(6);
        DeleteMarkerRepair.Result result = DeleteMarkerRepair.run(admin, Clock.systemUTC(), false);
        assertThat(result.removed()).isEqualTo(3);
        assertThat(result.leftAlone()).isEqualTo(1);
        assertThat(result.actions()).anySatisfy(action -> assertThat(action).startsWith("delete marker over "
                + pack + " removed: its version").contains("is locked until"));
        assertThat(admin.deleteMarkers("").stream().map(DeleteMarker::key))
                .containsExactlyInAnyOrder("points/d1/20000101-000000000", "index/ffff", "locks/d1");

        Repository reopened = Repository.open(writer);
        assertThat(reopened.points(Optional.of("d1"))).extracting(PointInfo::id)
                .containsExactly(first.id(), second.id());
        VerifyReport report = new Verifier(reopened, ProgressListener.NONE).verify(true);
        assertThat(report.faults()).isEmpty();
        assertThat(report.retentionFaults()).isEmpty();
        assertThat(DeleteMarkerRepair.run(admin, Clock.systemUTC(), false).removed()).isZero();
    }

    @Test
    void repairConfigRebuildsAnEncryptedLockedConfigAndWritesItUnderTheLock() throws Exception {
        S3ObjectStore store = server.open("s3://" + BUCKET + "/repair", MotoS3.Identity.WRITER);
        Repository repository = Repository.init(store, 65536, Optional.of(new ObjectLock("governance", 2)),
                Optional.of(new RepositoryKeys.NewKey(PASSPHRASE, Argon2Params.fresh(8 * 1024, 1))), Clock.systemUTC());
        String id = repository.config().id();
        LockTestDisks.replicate(repository, image(13));
        try (S3Client s3 = server.s3(MotoS3.Identity.WRITER)) {
            s3.deleteObject(r -> r.bucket(BUCKET).key("repair/config")); // lost: a delete marker over it
        }
        assertThat(store.stat("config")).isEmpty();

        ConfigRepair.Result result = ConfigRepair.run(store, Optional.of(id), Passphrases.of(PASSPHRASE),
                Optional.empty(), false);
        RepoConfig config = result.config().orElseThrow();
        assertThat(config.encrypted()).isTrue();
        assertThat(config.lock()).contains(new ObjectLock("governance", 2));
        assertThat(result.actions()).anySatisfy(action -> assertThat(action)
                .startsWith("Object Lock governance 2 days, learned from the retention of point d1/"));
        ObjectRetention configLock = store.retention("config").orElseThrow();
        assertThat(configLock.mode()).isEqualTo(ObjectRetention.Mode.GOVERNANCE);
        assertThat(configLock.until()).isAfter(Instant.now().plus(Duration.ofDays(2)).minusSeconds(120));

        Repository reopened = Repository.open(store, Passphrases.of(PASSPHRASE));
        assertThat(reopened.lock()).contains(new ObjectLock("governance", 2));
        VerifyReport report = new Verifier(reopened, ProgressListener.NONE).verify(true);
        assertThat(report.faults()).isEmpty();
        assertThat(report.retentionFaults()).isEmpty();
        // Given, --lock-days wins over what the points say.
        store.put("config", "damaged".getBytes());
        assertThat(ConfigRepair.run(store, Optional.of(id), Passphrases.of(PASSPHRASE),
                Optional.of(new ObjectLock("compliance", 3)), true).config().orElseThrow().lock())
                .contains(new ObjectLock("compliance", 3));
    }

    /**
     * Replicates {@code runs} points into a new repository at {@code prefix}, each in a fresh Repository
     * (a process per run) with {@code lockCache}, and returns the retention HEADs each commit made;
     * {@code needed} gets the objects each point needs (one HEAD each before locks were remembered).
     */
    private int[] commitHeads(String prefix, int runs, Optional<Path> lockCache, int[] needed) throws Exception {
        S3ObjectStore s3 = server.open("s3://" + BUCKET + "/" + prefix, MotoS3.Identity.WRITER);
        Repository.init(s3, 65536, Optional.of(new ObjectLock("compliance", 3)), Clock.systemUTC());
        CountingStore counting = new CountingStore(s3);
        Path image = LockTestDisks.image(temp, 21, runs + 2);
        int[] heads = new int[runs];
        for (int run = 0; run < runs; run++) {
            if (lockCache.isPresent()) {
                // Retain-until dates are whole seconds: a point created in the second a pack was written is covered
                // by the pack's own lock. Hourly points are not; this makes each point a second younger than the last.
                Thread.sleep(1100);
            }
            change(image, 100 + run, run * 8); // a chunk (1 MiB) of its own each run
            Repository repository = Repository.open(counting, Passphrases.NONE, Clock.systemUTC(), Optional.empty(),
                    lockCache);
            int start = counting.retentions.get();
            PointInfo point = LockTestDisks.replicate(repository, image);
            heads[run] = counting.retentions.get() - start;
            // One per object the point needs: its packs, and config (a plain repository has no key files).
            needed[run] = packsOf(repository, repository.manifest("d1", point.id())).size() + 1;
        }
        return heads;
    }

    private String idOf(String prefix) throws IOException {
        return Repository.open(server.open("s3://" + BUCKET + "/" + prefix, MotoS3.Identity.WRITER)).config().id();
    }

    private static Set<String> packsOf(Repository repository, Manifest manifest) throws IOException {
        Set<Hash> blobs = new LinkedHashSet<>();
        for (int i = 0; i < manifest.segments().size(); i++) {
            blobs.add(manifest.segment(i));
            blobs.addAll(repository.readSegment(manifest, i).referencedChunks());
        }
        Set<String> packs = new LinkedHashSet<>();
        for (Hash blob : blobs) {
            packs.add(repository.packKeyOf(blob).orElseThrow());
        }
        return packs;
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int value : values) {
            total += value;
        }
        return total;
    }

    /** 4 MiB, sparse, with 1 MiB of random data. */
    private Path image(int seed) throws IOException {
        return LockTestDisks.image(temp, seed, 4);
    }
    /** 64 KiB of new data at the {@code slot}th 128 KiB from the image's third MiB. */
    private static void change(Path image, int seed, int slot) throws IOException {
        byte[] data = new byte[64 << 10];
        new Random(seed).nextBytes(data);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek((2 << 20) + (long) slot * (128 << 10));
            file.write(data);
        }
    }

    /** The real store, counting the retention reads (HEADs) made through it. */
    private static final class CountingStore implements ObjectStore {
        private final ObjectStore inner;
        final AtomicInteger retentions = new AtomicInteger();

        CountingStore(ObjectStore inner) {
            this.inner = inner;
        }

        @Override
        public Optional<ObjectRetention> retention(String key) throws IOException {
            retentions.incrementAndGet();
            return inner.retention(key);
        }

        @Override
        public void put(String key, byte[] data) throws IOException {
            inner.put(key, data);
        }

        @Override
        public boolean putIfAbsent(String key, byte[] data) throws IOException {
            return inner.putIfAbsent(key, data);
        }

        @Override
        public byte[] get(String key) throws IOException {
            return inner.get(key);
        }

        @Override
        public byte[] get(String key, long offset, int length) throws IOException {
            return inner.get(key, offset, length);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) throws IOException {
            return inner.stat(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) throws IOException {
            return inner.list(prefix);
        }

        @Override
        public List<ObjectInfo> list(String prefix, String startAfter) throws IOException {
            return inner.list(prefix, startAfter);
        }

        @Override
        public void delete(String key) throws IOException {
            inner.delete(key);
        }

        @Override
        public boolean supportsRetention() {
            return true;
        }

        @Override
        public void putRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
            inner.putRetained(key, data, retention);
        }

        @Override
        public boolean putIfAbsentRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
            return inner.putIfAbsentRetained(key, data, retention);
        }

        @Override
        public void extendRetention(String key, ObjectRetention retention) throws IOException {
            inner.extendRetention(key, retention);
        }

        @Override
        public boolean strongPutIfAbsent() {
            return inner.strongPutIfAbsent();
        }

        @Override
        public String location() {
            return inner.location();
        }
    }
}
