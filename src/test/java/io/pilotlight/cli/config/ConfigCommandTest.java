package io.pilotlight.cli.config;

import static io.pilotlight.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pilotlight config check FILE [--json]}: its output and exit codes (docs/exit-codes.md). */
class ConfigCommandTest {
    @TempDir
    Path temp;


    @Test
    void theDocumentedExampleIsOk() throws IOException {
        Path file = Files.writeString(temp.resolve("pilotlight.yaml"), ConfigExampleTest.example());
        CliRun run = run("config", "check", file.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(file + ": OK: 2 repositories, 2 disks, 3 groups, 2 followers, 1 verify job,"
                + " 1 prune job, 1 drill; listener 0.0.0.0:9811\n");
    }

    @Test
    void anInvalidFilePrintsEveryErrorAndExitsWithTheUsageCode() throws IOException {
        Path file = Files.writeString(temp.resolve("p.yaml"), """
                repositories:
                  main: {location: /srv/p}
                disks:
                  vm1-sda: {source: /dev/sda, schedule: every 15m, rpo: 10m, retention: {keep-daily: -3}}
                followers:
                  dr: {disk: vm1-sda, to: /dr.img, verify: sometimes}
                """);
        CliRun run = run("config", "check", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out().lines()).containsExactly(
                file + ":4:57: warning: disks.vm1-sda.rpo: rpo 10m is shorter than the schedule interval 15m: it will be"
                        + " missed between runs (make rpo at least the schedule interval)",
                file + ":4:86: error: disks.vm1-sda.retention.keep-daily: keep-daily must be >= 1 or unlimited, got '-3'"
                        + " (a count >= 1, or unlimited)",
                file + ":6:44: error: followers.dr.verify: verify mode 'sometimes' is not one of always, sampled, off"
                        + " (see docs/configuration.md)");
        assertThat(run.err()).isEqualTo("pilotlight: " + file + ": 2 errors, 1 warning\n");
    }

    @Test
    void jsonGivesTheProblemsAsObjects() throws IOException {
        Path file = Files.writeString(temp.resolve("p.yaml"), "repositories:\n  main: {location: /srv/p, regoin: x}\n");
        CliRun run = run("config", "check", "--json", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("file").asText()).isEqualTo(file.toString());
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("summary").isNull()).isTrue();
        JsonNode problem = json.get("problems").get(0);
        assertThat(problem.get("line").asInt()).isEqualTo(2);
        assertThat(problem.get("column").asInt()).isEqualTo(28);
        assertThat(problem.get("path").asText()).isEqualTo("repositories.main.regoin");
        assertThat(problem.get("severity").asText()).isEqualTo("ERROR");
        assertThat(problem.get("message").asText()).isEqualTo("unknown key 'regoin'");
        assertThat(problem.get("hint").asText()).startsWith("did you mean 'region'?");
        assertThat(json.get("problems")).hasSize(1);
    }

    @Test
    void jsonOfAValidFileHasTheSummary() throws IOException {
        Path file = Files.writeString(temp.resolve("p.yaml"), "repositories:\n  main: {location: /srv/p}\n");
        CliRun run = run("config", "check", "--json", file.toString());
        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("problems")).isEmpty();
        assertThat(json.get("summary").asText()).isEqualTo("1 repository, 0 disks, 0 groups, 0 followers, 0 verify jobs,"
                + " 0 prune jobs, 0 drills; listener 127.0.0.1:9811");
    }

    @Test
    void anUnreadableFileExitsWithTheIoCode() throws IOException {
        CliRun missing = run("config", "check", temp.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err()).isEqualTo("pilotlight: " + temp.resolve("nope.yaml") + ": cannot read: no such file\n");
        CliRun directory = run("config", "check", temp.toString());
        assertThat(directory.exitCode()).isEqualTo(4);
        assertThat(directory.err()).startsWith("pilotlight: " + temp + ": cannot read: ");
    }

    @Test
    void configWithoutCheckIsAUsageError() {
        CliRun run = run("config");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no config command given");
        assertThat(run("config", "check").exitCode()).isEqualTo(2);
    }
}
