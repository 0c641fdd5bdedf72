package io.pilotlight.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.cli.PilotlightCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Secrets are held by reference: their values appear in no record, message or output. */
class ConfigSecretsTest {
    private static final String VALUE = "hunter2-very-secret-value";
    private static final String YAML = """
            repositories:
              main:
                location: s3://bucket/p
                access-key-id: {env: KEY_ID}
                secret-access-key: {env: SECRET_KEY}
            listener:
              address: 0.0.0.0:9811
              token: {file: %s}
            """;

    @TempDir
    Path temp;

    private Path tokenFile() throws IOException {
        return Files.writeString(temp.resolve("token"), VALUE + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void theModelsToStringShowsReferencesOnly() throws IOException {
        Map<String, String> environment = Map.of("KEY_ID", VALUE, "SECRET_KEY", VALUE);
        PilotlightConfig config = new ConfigParser().parse("p.yaml", YAML.formatted(tokenFile())).config().orElseThrow();
        assertThat(config.toString()).doesNotContain(VALUE).contains("{env: SECRET_KEY}")
                .contains("{file: " + tokenFile() + "}");
        Secret token = config.listener().token().orElseThrow().resolve(environment).orElseThrow();
        Secret key = config.repositories().get("main").secretAccessKey().orElseThrow().resolve(environment).orElseThrow();
        assertThat(token.reveal()).isEqualTo(VALUE);
        assertThat(key.reveal()).isEqualTo(VALUE);
        assertThat(token.toString()).isEqualTo("secret {file: " + tokenFile() + "} (hidden)").doesNotContain(VALUE);
        assertThat(key.toString()).isEqualTo("secret {env: SECRET_KEY} (hidden)");
        assertThat(new SecretRef.Env("UNSET").resolve(environment)).isEmpty();
    }

    @Test
    void aRepositoryPasswordIsNoneOrAReferenceOrACommand() {
        PilotlightConfig config = new ConfigParser().parse("p.yaml", """
                repositories:
                  plain: {location: /srv/plain, password: none}
                  byfile: {location: /srv/file, password: {file: /etc/pilotlight/file-pass}}
                  byenv: {location: /srv/env, password: {env: OFFSITE_PASS}}
                  bycommand: {location: /srv/command, password: {command: [pass, show, pilotlight/offsite]}}
                  default: {location: /srv/default}
                """).config().orElseThrow();
        Map<String, RepositoryConfig> repositories = config.repositories();
        assertThat(repositories.get("plain").password()).contains(new RepositoryPassword.None());
        assertThat(repositories.get("byfile").password()).contains(new RepositoryPassword.Reference(
                new SecretRef.File(Path.of("/etc/pilotlight/file-pass"))));
        assertThat(repositories.get("byenv").password()).contains(new RepositoryPassword.Reference(
                new SecretRef.Env("OFFSITE_PASS")));
        assertThat(repositories.get("bycommand").password()).contains(new RepositoryPassword.Command(
                java.util.List.of("pass", "show", "pilotlight/offsite")));
        assertThat(repositories.get("default").password()).isEmpty();
        assertThat(repositories.get("bycommand").password().orElseThrow().toString()).isEqualTo("{command: pass ...}");
    }

    @Test
    void neitherCheckOutputNorJsonNorErrorsShowTheValue() throws IOException {
        Map<String, String> environment = Map.of("KEY_ID", VALUE, "SECRET_KEY", VALUE);
        Path valid = Files.writeString(temp.resolve("valid.yaml"), YAML.formatted(tokenFile()));
        Path invalid = Files.writeString(temp.resolve("invalid.yaml"), YAML.formatted(tokenFile())
                .replace("{env: KEY_ID}", VALUE).replace("location:", "locaton:"));
        for (String[] args : new String[][] {{"config", "check", valid.toString()},
            {"config", "check", "--json", valid.toString()}, {"config", "check", invalid.toString()},
            {"config", "check", "--json", invalid.toString()}}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine commandLine = PilotlightCommand.commandLine(environment, false, args);
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            commandLine.execute(args);
            assertThat(out.toString() + err.toString()).as(String.join(" ", args)).isNotEmpty().doesNotContain(VALUE);
        }
    }
}
