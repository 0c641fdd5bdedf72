package io.pilotlight.repo.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.BlobType;
import io.pilotlight.repo.BlobWriter;
import io.pilotlight.repo.ObjectLock;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import io.pilotlight.repo.StoredBlob;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.check.VerifyReport;
import io.pilotlight.repo.forget.ForgetOptions;
import io.pilotlight.repo.forget.ForgetResult;
import io.pilotlight.repo.forget.Forgetter;
import io.pilotlight.repo.prune.PruneOptions;
import io.pilotlight.repo.prune.PruneResult;
import io.pilotlight.repo.prune.Pruner;
import io.pilotlight.retention.RetentionPolicy;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.store.ObjectRetention;
import io.pilotlight.store.S3ObjectStore;
import io.pilotlight.testing.MotoS3;
import io.pilotlight.testing.MutableClock;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Immutable restore points (docs/design.md §21) on a server that enforces S3 Object Lock: moto
 * ({@link MotoS3}), as the writer identity of docs/s3.md's policy. Short locks are made by opening the
 * repository with a clock set back by nearly the lock's period, so objects unlock seconds from now.
 */
@Slow
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ObjectLockTest {
    private static final String LOCKED = "points-locked";
    private static final ForgetOptions KEEP_LAST_ONE = new ForgetOptions(
            RetentionPolicy.EMPTY.with("--keep-last", "1"), ZoneId.of("UTC"), false);

    @RegisterExtension
    static final MotoS3 server = MotoS3.withBuckets(LOCKED, "plain");

    @TempDir
    Path temp;

    @Test
    void aDirectoryRepositoryCannotBeLocked() {
        assertThatThrownBy(() -> Repository.init(new DirectoryObjectStore(temp.resolve("repo")), 65536,
                Optional.of(new ObjectLock("compliance", 7)), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--lock-days needs an S3 bucket with Object Lock enabled");
    }

    @Test
    void aBucketWithoutObjectLockRefusesTheLockedConfigAndNamesTheBucket() {
        ObjectStore store = server.open("s3://plain/no-lock", MotoS3.Identity.WRITER);
        assertThatThrownBy(() -> Repository.init(store, 65536, Optional.of(new ObjectLock("governance", 7)),
                Clock.systemUTC())).isInstanceOf(IOException.class).hasMessageContaining("plain");
    }

    @Test
    void everyObjectOfAPointIsLockedAndTheServerRefusesToDeleteIt() throws Exception {
        S3ObjectStore store = server.open("s3://" + LOCKED + "/enforced", MotoS3.Identity.WRITER);
        Repository repository = Repository.init(store, 65536, Optional.of(new ObjectLock("compliance", 3)),
                Clock.systemUTC());
        Path image = LockTestDisks.image(temp, 1, 4);
        PointInfo first = LockTestDisks.replicate(repository, image);
        change(image, 2);
        PointInfo second = LockTestDisks.replicate(repository, image);

        VerifyReport report = new Verifier(Repository.open(store), ProgressListener.NONE).verify(true);
        assertThat(report.faults()).isEmpty();
        assertThat(report.retentionFaults()).isEmpty();
        assertThat(report.points()).isEqualTo(2);
        Instant needed = Instant.parse(repository.manifest("d1", second.id()).created()).plus(Duration.ofDays(3));
        for (String key : List.of("config", "points/d1/" + first.id(), "points/d1/" + second.id())) {
            assertThat(store.retention(key)).as(key).hasValueSatisfying(retention ->
                    assertThat(retention.mode()).isEqualTo(ObjectRetention.Mode.COMPLIANCE));
        }
        for (String pack : repository.storedPackKeys()) {
            assertThat(store.retention(pack).orElseThrow().until()).as(pack).isAfterOrEqualTo(needed);
        }

        try (S3Client s3 = server.s3(MotoS3.Identity.ADMIN)) {
            String packKey = "enforced/" + repository.storedPackKeys().iterator().next();
            ObjectVersion version = s3.listObjectVersions(r -> r.bucket(LOCKED).prefix(packKey)).versions().get(0);
            assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket(LOCKED).key(packKey).versionId(version.versionId())))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            // An overwrite is a new version: the locked one stays, and still reads as the point wrote it.
            String manifestKey = "enforced/points/d1/" + first.id();
            String original = s3.listObjectVersions(r -> r.bucket(LOCKED).prefix(manifestKey)).versions().get(0)
                    .versionId();
            s3.putObject(r -> r.bucket(LOCKED).key(manifestKey), RequestBody.fromString("ransom"));
            assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket(LOCKED).key(manifestKey).versionId(original)))
                    .isInstanceOf(S3Exception.class);
            assertThat(s3.getObjectAsBytes(r -> r.bucket(LOCKED).key(manifestKey).versionId(original)).asByteArray())
                    .isNotEqualTo("ransom".getBytes());
        }
    }

    @Test
    void forgetKeepsLockedPointsSaysUntilWhenAndALaterRunFinishes() throws Exception {
        S3ObjectStore store = server.open("s3://" + LOCKED + "/forget", MotoS3.Identity.WRITER);
        MutableClock shortLock = new MutableClock(Instant.now().minus(Duration.ofDays(1)).plusSeconds(4));
        Repository repository = Repository.init(store, 65536, Optional.of(new ObjectLock("governance", 1)),
                shortLock);
        Path image = LockTestDisks.image(temp, 3, 4);
        PointInfo first = LockTestDisks.replicate(repository, image);
        change(image, 4);
        LockTestDisks.replicate(repository, image);

        assertThatThrownBy(() -> new Forgetter(repository).point("d1", first.id(), false))
                .isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RepositoryException.Kind.LOCKED))
                .hasMessageContaining("point d1/" + first.id() + " is under Object Lock until");
        ForgetResult locked = new Forgetter(repository).disk("d1", KEEP_LAST_ONE);
        assertThat(locked.removed()).isZero();
        assertThat(locked.locked()).isEqualTo(1);
        assertThat(locked.earliestUnlock()).hasValueSatisfying(until -> assertThat(until).isAfter(Instant.now()));
        assertThat(repository.points(Optional.of("d1"))).hasSize(2);

        awaitUnlock(locked.earliestUnlock().orElseThrow(), shortLock);
        ForgetResult later = new Forgetter(repository).disk("d1", KEEP_LAST_ONE);
        assertThat(later.removedIds()).containsExactly(first.id());
        assertThat(later.locked()).isZero();
        assertThat(repository.points(Optional.of("d1"))).hasSize(1);
    }

    @Test
    void pruneSkipsLockedPacksSaysSoAndDeletesThemOnceUnlocked() throws Exception {
        S3ObjectStore store = server.open("s3://" + LOCKED + "/prune", MotoS3.Identity.WRITER);
        MutableClock shortLock = new MutableClock(Instant.now().minus(Duration.ofDays(1)).plusSeconds(6));
        Repository repository = Repository.init(store, 65536, Optional.of(new ObjectLock("compliance", 1)),
                shortLock);
        LockTestDisks.replicate(repository, LockTestDisks.image(temp, 5, 4));
        // A pack no point names, as an interrupted run leaves one: locked from its first byte.
        byte[] orphan = new byte[4096];
        new Random(6).nextBytes(orphan);
        try (BlobWriter writer = repository.newBlobWriter(1)) {
            writer.add(StoredBlob.of(BlobType.DATA, orphan, 0, orphan.length));
            writer.finish();
        }
        PruneOptions options = PruneOptions.defaults().withShortGrace(Duration.ZERO);
        PruneResult marking = new Pruner(repository, options, shortLock, ProgressListener.NONE).run();
        assertThat(marking.plannedPacks()).isEqualTo(1);

        PruneResult skipped = new Pruner(repository, options, shortLock, ProgressListener.NONE).run();
        assertThat(skipped.packsDeleted()).isZero();
        assertThat(skipped.packsLocked()).isEqualTo(1);
        assertThat(skipped.earliestUnlock()).hasValueSatisfying(until -> assertThat(until).isAfter(Instant.now()));
        assertThat(skipped.plannedPacks()).as("marked again for a later prune").isEqualTo(1);

        awaitUnlock(skipped.earliestUnlock().orElseThrow(), shortLock);
        PruneResult done = new Pruner(repository, options, shortLock, ProgressListener.NONE).run();
        assertThat(done.packsDeleted()).isEqualTo(1);
        assertThat(done.packsLocked()).isZero();
        // Structurally whole (the short locks of this test are retention faults, by design of the test).
        assertThat(new Verifier(Repository.open(store), ProgressListener.NONE).verify(true).faults()).isEmpty();
    }

    @Test
    void verifyNamesAPackWithoutTheRetentionItsPointNeeds() throws Exception {
        S3ObjectStore store = server.open("s3://" + LOCKED + "/verify", MotoS3.Identity.WRITER);
        Repository repository = Repository.init(store, 65536, Optional.of(new ObjectLock("compliance", 2)),
                Clock.systemUTC());
        PointInfo point = LockTestDisks.replicate(repository, LockTestDisks.image(temp, 7, 4));
        String pack = repository.storedPackKeys().iterator().next();
        store.put(pack, store.get(pack)); // the same bytes as a new version without retention, as a careless writer would

        VerifyReport report = new Verifier(Repository.open(store), ProgressListener.NONE).verify(false);

        assertThat(report.faults()).isEmpty();
        assertThat(report.ok()).isFalse();
        assertThat(report.retentionFaults()).singleElement().asString()
                .startsWith("retention: " + pack + " has no retention, point d1/" + point.id() + " needs compliance until");
    }

    /**
     * Waits until the server's lock of {@code until} has ended, then moves the repository's clock past
     * it and the minute of clock skew pilotlight allows before it calls an object unlocked.
     */
    private static void awaitUnlock(Instant until, MutableClock clock) throws InterruptedException {
        while (!Instant.now().isAfter(until.plusMillis(500))) {
            Thread.sleep(200);
        }
        clock.advance(Duration.between(clock.instant(), Instant.now()).plus(Duration.ofMinutes(2)));
    }
    private static void change(Path image, int seed) throws IOException {
        byte[] data = new byte[128 << 10];
        new Random(seed).nextBytes(data);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(3 << 20);
            file.write(data);
        }
    }
}
