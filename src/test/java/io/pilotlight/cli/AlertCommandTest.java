package io.pilotlight.cli;

import static io.pilotlight.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pilotlight alert test CHANNEL --config FILE} against a real HTTP server on 127.0.0.1 and a command. */
class AlertCommandTest {
    @TempDir
    Path temp;

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/ok", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/down", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Path config() throws IOException {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Files.writeString(temp.resolve("pilotlight.yaml"), "repositories:\n  main: {location: /srv/p}\n"
                + "alerts:\n  channels:\n"
                + "    hook: {type: webhook, url: '" + base + "/ok'}\n"
                + "    broken: {type: webhook, url: {env: BROKEN_URL}}\n"
                + "    script: {type: command, command: [sh, -c, 'cat > " + temp.resolve("sent.json") + "']}\n"
                + "    mail: {type: email, host: 127.0.0.1, port: 9, username: u, password: {env: SMTP_PASSWORD},"
                + " from: a@example.org, to: [b@example.org]}\n");
    }

    @Test
    void aWorkingChannelGetsATestMessage() throws IOException {
        CliRun run = run(Map.of(), "alert", "test", "hook", "--config", config().toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("sent a test message through alert channel hook\n");
        assertThat(bodies).singleElement().asString().contains("\"state\" : \"test\"").contains("\"subject\" : \"hook\"");

        assertThat(run(Map.of(), "alert", "test", "script", "--config", config().toString()).exitCode()).isZero();
        assertThat(Files.readString(temp.resolve("sent.json"))).contains("\"state\" : \"test\"");
    }

    @Test
    void aFailingChannelExitsWithItsOwnCodeAndHidesTheSecretUrl() throws IOException {
        String secretUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/down?token=abc";
        CliRun run = run(Map.of("BROKEN_URL", secretUrl), "alert", "test", "broken", "--config", config().toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ALERT_FAILED).isEqualTo(17);
        assertThat(run.err()).isEqualTo("pilotlight: alert channel broken failed: webhook broken (http://127.0.0.1:"
                + server.getAddress().getPort() + ", URL from {env: BROKEN_URL}): HTTP 503\n");
    }

    @Test
    void aPasswordNotSetIsNamedByItsReference() throws IOException {
        CliRun run = run(Map.of(), "alert", "test", "mail", "--config", config().toString());
        assertThat(run.exitCode()).isEqualTo(17);
        assertThat(run.err()).isEqualTo("pilotlight: alert channel mail failed: e-mail mail password: {env:"
                + " SMTP_PASSWORD} is not set\n");
    }

    @Test
    void anUnknownChannelIsAUsageErrorListingTheChannels() throws IOException {
        CliRun run = run(Map.of(), "alert", "test", "pager", "--config", config().toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no alert channel named pager; the channels are hook, broken, script, mail");
    }
}
