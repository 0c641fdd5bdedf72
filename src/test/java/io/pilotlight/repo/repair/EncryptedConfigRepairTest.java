package io.pilotlight.repo.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.ConfigRepair;
import io.pilotlight.repo.ObjectLock;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.RepoConfig;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryKeys;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.repo.seal.Argon2Params;
import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.repo.seal.WrongKeyException;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repair config} of an encrypted repository on a directory (docs/design.md §18.4): key files, id, passphrase. */
class EncryptedConfigRepairTest {
    private static final char[] PASSPHRASE = "correct horse".toCharArray();

    @TempDir
    Path temp;

    @Test
    void aLostEncryptedConfigIsRebuiltFromTheKeyFilesTheIdAndThePassphrase() throws Exception {
        DirectoryObjectStore store = new DirectoryObjectStore(temp.resolve("repo"));
        Repository repository = Repository.init(store, 65536, Optional.empty(), Optional.of(new RepositoryKeys.NewKey(
                PASSPHRASE, Argon2Params.fresh(8 * 1024, 1))), Clock.systemUTC());
        String id = repository.config().id();
        Path image = temp.resolve("disk.img");
        byte[] data = new byte[3 << 20];
        new Random(17).nextBytes(data);
        Files.write(image, data);
        PointInfo point = replicate(repository, image);
        Files.delete(temp.resolve("repo/config"));

        assertThatThrownBy(() -> ConfigRepair.run(store, Optional.empty(), Passphrases.of(PASSPHRASE), Optional.empty(),
                false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is encrypted")
                .hasMessageContaining("give it with --id");
        assertThatThrownBy(() -> ConfigRepair.run(store, Optional.of(id), Passphrases.of("wrong".toCharArray()),
                Optional.empty(), false)).isInstanceOf(WrongKeyException.class)
                .hasMessageContaining("with repository id " + id).hasMessageNotContaining("wrong\"");
        assertThatThrownBy(() -> ConfigRepair.run(store, Optional.of(id), Passphrases.of(PASSPHRASE),
                Optional.of(new ObjectLock("compliance", 7)), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot lock objects");
        assertThat(Files.exists(temp.resolve("repo/config"))).as("nothing written by a refused repair").isFalse();

        ConfigRepair.Result dryRun = ConfigRepair.run(store, Optional.of(id), Passphrases.of(PASSPHRASE), Optional.empty(),
                true);
        assertThat(dryRun.actions()).contains("config is missing and is written");
        assertThat(Files.exists(temp.resolve("repo/config"))).isFalse();
        ConfigRepair.Result result = ConfigRepair.run(store, Optional.of(id), Passphrases.of(PASSPHRASE),
                Optional.empty(), false);
        RepoConfig rebuilt = result.config().orElseThrow();
        assertThat(rebuilt.encrypted()).isTrue();
        assertThat(rebuilt.id()).isEqualTo(id);
        assertThat(rebuilt.lock()).isEmpty();
        assertThat(result.actions()).anySatisfy(action -> assertThat(action).contains("id " + id, ", encrypted"));

        Repository reopened = Repository.open(store, Passphrases.of(PASSPHRASE));
        assertThat(new Verifier(reopened, ProgressListener.NONE).verify(true).faults()).isEmpty();
        Path restored = temp.resolve("restored.img");
        new Restorer(reopened, ProgressListener.NONE).restore("d1", point.id(), restored, false);
        assertThat(Files.readAllBytes(restored)).isEqualTo(data);
        assertThatThrownBy(() -> Repository.open(store)).isInstanceOf(WrongKeyException.class);
    }

    private static PointInfo replicate(Repository repository, Path image) throws IOException {
        try (FileSource source = FileSource.open(image)) {
            return new Replicator(repository, new ReplicateOptions(2, 1), ProgressListener.NONE).replicate("d1", source);
        }
    }
}
