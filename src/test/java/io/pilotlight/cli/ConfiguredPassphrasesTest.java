package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.cli.config.RepositoryConfig;
import io.pilotlight.cli.config.RepositoryPassword;
import io.pilotlight.cli.config.SecretRef;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import io.pilotlight.repo.RepositoryKeys;
import io.pilotlight.repo.seal.Argon2Params;
import io.pilotlight.repo.seal.WrongKeyException;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon's repositories each with their own passphrase source (docs/configuration.md, {@code
 * password}): a plain and two encrypted repositories with different passphrases in one process whose
 * environment names a passphrase file.
 */
class ConfiguredPassphrasesTest {
    @TempDir
    Path temp;

    private Map<String, String> environment;

    @BeforeEach
    void threeRepositories() throws IOException {
        Repository.init(new DirectoryObjectStore(temp.resolve("plain")), 65536);
        encrypted("alpha", "alpha passphrase");
        encrypted("beta", "beta passphrase");
        Path alphaFile = Files.writeString(temp.resolve("alpha-pass"), "alpha passphrase\n");
        Files.writeString(temp.resolve("beta-pass"), "beta passphrase\n");
        environment = Map.of("PILOTLIGHT_PASSWORD_FILE", alphaFile.toString(), "BETA_PASS", "beta passphrase");
    }

    @Test
    void eachRepositoryOpensWithItsOwnSourceAndTheEnvironmentIsTheDefault() throws IOException {
        assertThat(open("alpha", Optional.empty()).config().encrypted()).isTrue();
        assertThat(open("beta", Optional.of(new RepositoryPassword.Reference(new SecretRef.Env("BETA_PASS"))))
                .config().encrypted()).isTrue();
        assertThat(open("beta", Optional.of(new RepositoryPassword.Command(List.of("cat",
                temp.resolve("beta-pass").toString())))).config().encrypted()).isTrue();
        assertThat(open("beta", Optional.of(new RepositoryPassword.Reference(new SecretRef.File(
                temp.resolve("beta-pass")))))).isNotNull();
        assertThat(open("plain", Optional.of(new RepositoryPassword.None())).config().encrypted()).isFalse();
    }

    @Test
    void aPlainRepositoryIsReadAsPlainOnlyWhenItsConfigSaysNone() {
        assertThatThrownBy(() -> open("plain", Optional.empty())).isInstanceOf(RepositoryException.class)
                .hasMessageContaining("a passphrase was given").hasMessageContaining("PILOTLIGHT_PASSWORD_FILE");
        assertThatThrownBy(() -> open("plain", Optional.of(new RepositoryPassword.Reference(new SecretRef.Env(
                "BETA_PASS"))))).isInstanceOf(RepositoryException.class).hasMessageContaining("refusing to read it as"
                + " plain").hasMessageContaining("repository plain's password {env: BETA_PASS} in the config")
                .hasMessageNotContaining("beta passphrase");
        assertThatThrownBy(() -> open("beta", Optional.of(new RepositoryPassword.None())))
                .isInstanceOf(WrongKeyException.class).hasMessageContaining("the config says password: none");
        assertThatThrownBy(() -> open("beta", Optional.empty())).as("the environment's passphrase is alpha's")
                .isInstanceOf(WrongKeyException.class);
        assertThatThrownBy(() -> open("beta", Optional.of(new RepositoryPassword.Reference(new SecretRef.Env(
                "UNSET"))))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository beta: password {env: UNSET} is not set");
    }

    private Repository open(String name, Optional<RepositoryPassword> password) throws IOException {
        RepositoryConfig config = new RepositoryConfig(name, temp.resolve(name).toString(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), password);
        try (ConfiguredRepository repository = new ConfiguredRepository(config, StoreStack.of(1, null, null),
                environment)) {
            return repository.open();
        }
    }

    private void encrypted(String name, String passphrase) throws IOException {
        Repository.init(new DirectoryObjectStore(temp.resolve(name)), 65536, Optional.empty(), Optional.of(
                new RepositoryKeys.NewKey(passphrase.toCharArray(), Argon2Params.fresh(8 * 1024, 1))), Clock.systemUTC());
    }
}
