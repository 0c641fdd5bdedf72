package io.pilotlight.cli;

import static io.pilotlight.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code daemon} refuses an invalid file as {@code config check} reports it; {@code status} and {@code run} without a daemon. */
class DaemonCommandTest {
    @TempDir
    Path temp;


    @Test
    void anInvalidFileIsRefusedWithTheMessagesOfConfigCheck() throws IOException {
        Path file = temp.resolve("pilotlight.yaml");
        Files.writeString(file, "repositories:\n  main:\n    location: /srv/pl\ndisks:\n  web1:\n"
                + "    source: file:/images/web1.img\n    schedule: every 15x\n");
        CliRun check = run("config", "check", file.toString());
        CliRun daemon = run("daemon", "--config", file.toString(), "--state-dir", temp.resolve("state").toString());

        assertThat(check.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(daemon.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(check.out().lines().toList()).isNotEmpty()
                .allSatisfy(line -> assertThat(daemon.err()).contains(line));
        assertThat(daemon.err()).contains("the daemon does not run it");
        assertThat(Files.exists(temp.resolve("state"))).isFalse();
    }

    @Test
    void aMissingFileIsRefused() {
        CliRun daemon = run("daemon", "--config", temp.resolve("nope.yaml").toString());
        assertThat(daemon.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(daemon.err()).contains("nope.yaml: cannot read");
    }

    @Test
    void statusWithoutADaemonSaysSo() {
        CliRun status = run("status", "--api", "http://127.0.0.1:1");
        assertThat(status.exitCode()).isNotZero();
        assertThat(status.err()).contains("no daemon answers at http://127.0.0.1:1");
    }

    @Test
    void theStateDirectoryDefaultsToXdgStateHome() {
        Path dir = DaemonCommand.defaultStateDir(Map.of("XDG_STATE_HOME", "/home/op/.state"));
        if (!"root".equals(System.getProperty("user.name"))) {
            assertThat(dir).isEqualTo(Path.of("/home/op/.state/pilotlight"));
        } else {
            assertThat(dir).isEqualTo(Path.of("/var/lib/pilotlight"));
        }
    }
}
