package io.pilotlight.repo.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.DeleteMarkerRepair;
import io.pilotlight.repo.ObjectLock;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryKeys;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.check.VerifyReport;
import io.pilotlight.repo.seal.Argon2Params;
import io.pilotlight.repo.seal.KeyFile;
import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.repo.seal.WrongKeyException;
import io.pilotlight.store.DeleteMarker;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.ObjectRetention;
import io.pilotlight.store.S3ObjectStore;
import io.pilotlight.testing.MotoS3;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Key files and config under Object Lock (docs/design.md §20.2, §21.2) on moto's S3 server, which
 * enforces it: they are locked from their writing and kept locked as long as the newest point; a
 * removed key's file is only hidden, the repository opens with the new key, and the writer's
 * credentials cannot delete a locked key file's or config's version.
 */
@Slow
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KeyFileLockTest {
    private static final String BUCKET = "keys-locked";
    private static final char[] FIRST = "the first passphrase".toCharArray();
    private static final char[] SECOND = "the second passphrase".toCharArray();
    /** A cheap KDF: these tests are about locks, not key derivation. */
    private static final Argon2Params KDF = Argon2Params.fresh(8 * 1024, 1);

    @RegisterExtension
    static final MotoS3 server = MotoS3.withBuckets(BUCKET);

    @TempDir
    Path temp;

    @Test
    void keyFilesAndConfigAreLockedAsLongAsTheNewestPoint() throws Exception {
        S3ObjectStore store = server.open("s3://" + BUCKET + "/cover", MotoS3.Identity.WRITER);
        Repository repository = init(store);
        String key = "keys/" + repository.keys().orElseThrow().current().id();
        assertThat(store.retention(key)).get().extracting(ObjectRetention::mode)
                .isEqualTo(ObjectRetention.Mode.COMPLIANCE);
        Instant written = store.retention(key).orElseThrow().until();

        Thread.sleep(1100); // retain-until dates are whole seconds: make the point a second younger than the key
        PointInfo point = LockTestDisks.replicate(Repository.open(store, Passphrases.of(FIRST)), LockTestDisks.image(temp, 1, 4));
        Instant needed = point.created().plus(Duration.ofDays(2));
        for (String object : List.of("config", key)) {
            ObjectRetention retention = store.retention(object).orElseThrow();
            assertThat(retention.until()).as(object).isAfterOrEqualTo(needed).isAfter(written);
        }
        VerifyReport report = new Verifier(Repository.open(store, Passphrases.of(FIRST)), ProgressListener.NONE)
                .verify(false);
        assertThat(report.faults()).isEmpty();
        assertThat(report.retentionFaults()).isEmpty();
    }

    @Test
    void aRemovedLockedKeyIsHiddenItsVersionStaysAndTheNewKeyOpens() throws Exception {
        S3ObjectStore store = server.open("s3://" + BUCKET + "/rotate", MotoS3.Identity.WRITER);
        Repository repository = init(store);
        PointInfo point = LockTestDisks.replicate(repository, LockTestDisks.image(temp, 2, 4));
        RepositoryKeys keys = repository.keys().orElseThrow();
        String first = keys.current().id();
        KeyFile second = keys.add(new RepositoryKeys.NewKey(SECOND, KDF));
        assertThat(store.retention("keys/" + second.id())).isPresent();

        RepositoryKeys.Removal removal = keys.remove(first);
        assertThat(removal.id()).isEqualTo(first);
        assertThat(removal.lockedUntil()).get().satisfies(until -> assertThat(until).isAfter(Instant.now()));
        assertThat(store.list("keys/")).extracting(ObjectInfo::key).containsExactly("keys/" + second.id());
        assertThat(keys.list()).extracting(KeyFile::id).containsExactly(second.id());

        S3ObjectStore admin = server.open("s3://" + BUCKET + "/rotate", MotoS3.Identity.ADMIN);
        try (S3Client s3 = server.s3(MotoS3.Identity.ADMIN)) {
            List<ObjectVersion> versions = s3.listObjectVersions(r -> r.bucket(BUCKET).prefix("rotate/keys/" + first))
                    .versions();
            assertThat(versions).hasSize(1); // the old key file's locked version is still stored
        }
        assertThat(admin.deleteMarkers("keys/")).extracting(DeleteMarker::key).containsExactly("keys/" + first);

        Repository reopened = Repository.open(store, Passphrases.of(SECOND));
        assertThat(reopened.keys().orElseThrow().current().id()).isEqualTo(second.id());
        assertThat(reopened.manifest("d1", point.id()).id()).isEqualTo(point.id());
        assertThatThrownBy(() -> Repository.open(store, Passphrases.of(FIRST))).isInstanceOf(WrongKeyException.class);

        // repair delete-markers names the marker and leaves it: the key was removed on purpose ...
        DeleteMarkerRepair.Result repair = DeleteMarkerRepair.run(admin, Clock.systemUTC(), false);
        assertThat(repair.removed()).isZero();
        assertThat(repair.actions()).anySatisfy(action -> assertThat(action).contains("over key file keys/" + first
                + " left").contains("--keys"));
        assertThat(store.list("keys/")).hasSize(1);
        // ... and brings it back when asked (every key hidden by someone else, say).
        assertThat(DeleteMarkerRepair.run(admin, Clock.systemUTC(), false, true).removed()).isEqualTo(1);
        assertThat(Repository.open(store, Passphrases.of(FIRST)).keys().orElseThrow().current().id())
                .isEqualTo(first);
    }

    @Test
    void theWritersCredentialsCannotDeleteALockedKeyFileOrConfig() throws Exception {
        S3ObjectStore store = server.open("s3://" + BUCKET + "/attack", MotoS3.Identity.WRITER);
        Repository repository = init(store);
        LockTestDisks.replicate(repository, LockTestDisks.image(temp, 3, 4));
        String key = "keys/" + repository.keys().orElseThrow().current().id();
        try (S3Client s3 = server.s3(MotoS3.Identity.WRITER); S3Client administrator = server.s3(MotoS3.Identity.ADMIN)) {
            for (String object : List.of(key, "config")) {
                ObjectVersion version = administrator.listObjectVersions(r -> r.bucket(BUCKET)
                        .prefix("attack/" + object)).versions().get(0);
                assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket(BUCKET).key("attack/" + object)
                        .versionId(version.versionId()))).as(object)
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            }
            // A delete without a version only hides them; the repository cannot be opened until the markers go.
            s3.deleteObject(r -> r.bucket(BUCKET).key("attack/" + key));
        }
        assertThatThrownBy(() -> Repository.open(store, Passphrases.of(FIRST)))
                .hasMessageContaining("holds no key under keys/").hasMessageContaining("repair delete-markers");
        S3ObjectStore admin = server.open("s3://" + BUCKET + "/attack", MotoS3.Identity.ADMIN);
        assertThat(DeleteMarkerRepair.run(admin, Clock.systemUTC(), false, true).removed()).isEqualTo(1);
        assertThat(Repository.open(store, Passphrases.of(FIRST)).points(Optional.of("d1"))).hasSize(1);
    }

    private static Repository init(S3ObjectStore store) throws IOException {
        return Repository.init(store, 65536, Optional.of(new ObjectLock("compliance", 2)),
                Optional.of(new RepositoryKeys.NewKey(FIRST, KDF)), Clock.systemUTC());
    }
}
