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
 * A damaged key file is exit 5 naming it, never a wrong passphrase (27), and does not keep another
 * key from opening the repository (docs/design.md §20.2); a key file written before the checksum
 * still opens.
 */
class DamagedKeyFileTest {
    private static final String[] CHEAP_KDF = {"--kdf-memory-mib", "8", "--kdf-iterations", "1"};

    @TempDir
    Path temp;

    private PassphraseCli cli;

    @BeforeEach
    void newCli() {
        cli = new PassphraseCli(temp);
    }

    private Path encrypted(String passphrase) throws IOException {
        Path repo = temp.resolve("repo-" + passphrase.hashCode());
        cli.passphrase("PILOTLIGHT_PASSWORD_FILE", passphrase);
        List<String> init = new ArrayList<>(List.of("init", "--encrypt"));
        init.addAll(List.of(CHEAP_KDF));
        cli.ok(repo, init.toArray(String[]::new));
        return repo;
    }

    @Test
    void aDamagedKeyFileIsCorruptDataWhileAnIntactOneStillOpens() throws Exception {
        Path repo = encrypted("first passphrase");
        String first = cli.ok(repo, "key", "list").out().substring(2, 18);
        cli.passphrase("PILOTLIGHT_NEW_PASSWORD_FILE", "second passphrase");
        List<String> add = new ArrayList<>(List.of("key", "add"));
        add.addAll(List.of(CHEAP_KDF));
        String second = cli.ok(repo, add.toArray(String[]::new)).out().strip();
        Path secondFile = repo.resolve("keys").resolve(second);
        Files.writeString(secondFile, Files.readString(secondFile).replaceFirst("\"host\" : \"[^\"]*\"",
                "\"host\" : \"elsewhere\""));

        cli.ok(repo, "points");
        CliRun list = cli.run(repo, "key", "list");
        assertThat(list.exitCode()).isEqualTo(ExitCodes.CORRUPT_DATA);
        assertThat(list.out().strip()).startsWith("* " + first).doesNotContain(second);
        assertThat(list.err()).isEqualTo("pilotlight: key file keys/" + second + " is damaged: its fields do not match"
                + " its checksum " + checksumOf(secondFile) + " (changed after it was written)\n");

        cli.passphrase("PILOTLIGHT_PASSWORD_FILE", "second passphrase");
        CliRun damaged = cli.run(repo, "points");
        assertThat(damaged.exitCode()).as(damaged.err()).isEqualTo(ExitCodes.CORRUPT_DATA);
        assertThat(damaged.err().strip().lines()).hasSize(1);
        assertThat(damaged.err()).startsWith("pilotlight: key file keys/" + second + " is damaged: ")
                .contains("the passphrase opens none of the 1 intact passphrase keys").doesNotContain("wrong passphrase");

        cli.passphrase("PILOTLIGHT_PASSWORD_FILE", "first passphrase");
        cli.ok(repo, "key", "remove", second);
        cli.passphrase("PILOTLIGHT_PASSWORD_FILE", "not a passphrase of it");
        CliRun wrong = cli.run(repo, "points");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.WRONG_KEY);
        assertThat(wrong.err()).startsWith("pilotlight: wrong passphrase: it opens none of the 1 passphrase keys");
    }

    @Test
    void theOnlyKeyTruncatedIsCorruptDataWhateverThePassphrase() throws Exception {
        Path repo = encrypted("only passphrase");
        Path key;
        try (var keys = Files.list(repo.resolve("keys"))) {
            key = keys.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(key);
        Files.write(key, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        for (String given : new String[] {"only passphrase", "another one"}) {
            cli.passphrase("PILOTLIGHT_PASSWORD_FILE", given);
            CliRun run = cli.run(repo, "points");
            assertThat(run.exitCode()).as(given + ": " + run.err()).isEqualTo(ExitCodes.CORRUPT_DATA);
            assertThat(run.err()).startsWith("pilotlight: key file keys/" + key.getFileName() + " is damaged: not a"
                    + " valid key file");
        }
    }

    /** Format 5 key files written before the checksum (no {@code checksum} field) open as before. */
    @Test
    void aKeyFileWithoutChecksumStillOpens() throws Exception {
        Path repo = encrypted("older passphrase");
        try (var keys = Files.list(repo.resolve("keys"))) {
            for (Path key : keys.toList()) {
                Files.writeString(key, Files.readString(key).replaceAll(",\\s*\"checksum\" : \"[0-9a-f]+\"", ""));
                assertThat(Files.readString(key)).doesNotContain("checksum");
            }
        }
        cli.ok(repo, "points");
        cli.passphrase("PILOTLIGHT_PASSWORD_FILE", "wrong");
        assertThat(cli.run(repo, "points").exitCode()).isEqualTo(ExitCodes.WRONG_KEY);
    }

    private static String checksumOf(Path key) throws IOException {
        String json = Files.readString(key);
        int at = json.indexOf("\"checksum\" : \"") + "\"checksum\" : \"".length();
        return json.substring(at, at + 64);
    }
}
