package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} checks the key files of an encrypted repository (repo.check.KeyFileCheck, docs/design.md
 * §20.2): a damaged key file is a fault naming it (exit 7, the repository opened with another key) or,
 * when it may be the passphrase's own, exit 5 naming it — never a wrong passphrase; a KDF below OWASP's
 * least configuration is a warning that does not fail verify.
 */
class KeyFileCheckTest {
    /** 36 MiB × 1 pass: just above OWASP's least configuration (35 MiB × passes), so no warning. */
    private static final String[] SOUND_KDF = {"--kdf-memory-mib", "36", "--kdf-iterations", "1"};
    private static final String[] WEAK_KDF = {"--kdf-memory-mib", "8", "--kdf-iterations", "1"};

    @TempDir
    Path temp;

    private PassphraseCli cli;

    @BeforeEach
    void newCli() {
        cli = new PassphraseCli(temp);
    }

    private Path encrypted(String passphrase, String... kdf) throws IOException {
        Path repo = temp.resolve("repo");
        cli.passphrase("PILOTLIGHT_PASSWORD_FILE", passphrase);
        List<String> init = new ArrayList<>(List.of("init", "--encrypt"));
        init.addAll(List.of(kdf));
        cli.ok(repo, init.toArray(String[]::new));
        return repo;
    }

    private String addKey(Path repo, String passphrase, String... kdf) throws IOException {
        cli.passphrase("PILOTLIGHT_NEW_PASSWORD_FILE", passphrase);
        List<String> add = new ArrayList<>(List.of("key", "add"));
        add.addAll(List.of(kdf));
        return cli.ok(repo, add.toArray(String[]::new)).out().strip();
    }

    @Test
    void soundKeyFilesGiveNoFaultAndNoWarning() throws Exception {
        Path repo = encrypted("first passphrase", SOUND_KDF);
        addKey(repo, "second passphrase", SOUND_KDF);
        CliRun verify = cli.ok(repo, "verify");
        assertThat(verify.out()).doesNotContain("key file");
        assertThat(verify.err()).doesNotContain("warning");
    }

    @Test
    void aDamagedKeyFileIsAFaultNamingItWhileAnotherKeyOpens() throws Exception {
        Path repo = encrypted("first passphrase", SOUND_KDF);
        String second = addKey(repo, "second passphrase", SOUND_KDF);
        Path file = repo.resolve("keys").resolve(second);
        Files.writeString(file, Files.readString(file).replaceFirst("\"iterations\" : 1", "\"iterations\" : 2"));

        CliRun verify = cli.run(repo, "verify");
        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(ExitCodes.FAULTS_FOUND);
        assertThat(verify.out()).contains("key file keys/" + second + " is damaged: its fields do not match its"
                + " checksum").contains("the repository was opened with key").contains("1 fault(s)");
        assertThat(verify.out() + verify.err()).doesNotContain("wrong passphrase");

        // With the damaged key's own passphrase nothing opens: damage (5) naming the file, not a wrong passphrase.
        cli.passphrase("PILOTLIGHT_PASSWORD_FILE", "second passphrase");
        CliRun own = cli.run(repo, "verify");
        assertThat(own.exitCode()).as(own.err()).isEqualTo(ExitCodes.CORRUPT_DATA);
        assertThat(own.err()).startsWith("pilotlight: key file keys/" + second + " is damaged: ")
                .doesNotContain("wrong passphrase");
    }

    @Test
    void aKeyFileThatIsNotJsonIsAFaultToo() throws Exception {
        Path repo = encrypted("first passphrase", SOUND_KDF);
        Files.writeString(repo.resolve("keys").resolve("00000000deadbeef"), "not a key file");
        CliRun verify = cli.run(repo, "verify");
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.FAULTS_FOUND);
        assertThat(verify.out()).contains("key file keys/00000000deadbeef is damaged: not a valid key file");
    }

    @Test
    void aWeakKdfIsAWarningThatDoesNotFailVerify() throws Exception {
        Path repo = encrypted("first passphrase", SOUND_KDF);
        String weak = addKey(repo, "second passphrase", WEAK_KDF);
        CliRun verify = cli.ok(repo, "verify");
        assertThat(verify.err()).startsWith("pilotlight: warning: key " + weak + " derives its key with argon2id"
                + " m=8192KiB t=1 p=1, below OWASP's least configuration");
        assertThat(verify.err().lines()).hasSize(1);
        assertThat(verify.out()).startsWith("no faults");
    }
}
