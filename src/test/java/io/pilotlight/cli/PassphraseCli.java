package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line against one repository with passphrases given as a user gives them to a script:
 * through files named by environment variables ({@code PILOTLIGHT_PASSWORD_FILE},
 * {@code PILOTLIGHT_NEW_PASSWORD_FILE}), written under a test's temporary directory.
 */
final class PassphraseCli {
    private final Path directory;
    private final Map<String, String> environment = new HashMap<>();

    PassphraseCli(Path directory) {
        this.directory = directory;
    }

    CliRun run(Path repo, String... command) {
        List<String> args = new ArrayList<>(List.of("--repo", repo.toString()));
        args.addAll(List.of(command));
        return CliRun.run(environment, args.toArray(String[]::new));
    }

    /** Runs the command and asserts it exited 0, naming the command and its stderr if not. */
    CliRun ok(Path repo, String... command) {
        CliRun run = run(repo, command);
        assertThat(run.exitCode()).as(String.join(" ", command) + ": " + run.err()).isZero();
        return run;
    }

    /** Writes {@code value} to a file and points {@code variable} at it for the next runs. */
    void passphrase(String variable, String value) throws IOException {
        Path file = directory.resolve(variable + "-" + value.hashCode() + ".pass");
        Files.writeString(file, value + "\n");
        environment.put(variable, file.toString());
    }
}
