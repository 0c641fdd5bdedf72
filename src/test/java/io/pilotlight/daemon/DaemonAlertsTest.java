package io.pilotlight.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.pilotlight.alert.AlertPlan;
import io.pilotlight.alert.AlertRules;
import io.pilotlight.alert.MinimumFree;
import io.pilotlight.alert.RateLimit;
import io.pilotlight.alert.RetryPolicy;
import io.pilotlight.alert.Rule;
import io.pilotlight.alert.SecretSource;
import io.pilotlight.alert.WebhookChannel;
import io.pilotlight.alert.WebhookFormat;
import io.pilotlight.metrics.DaemonMetrics;
import io.pilotlight.repo.Repository;
import io.pilotlight.schedule.Schedule;
import io.pilotlight.schedule.SchedulerSettings;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.FakeTime;
import io.pilotlight.testing.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon on fake time with alerts to a real webhook server on 127.0.0.1: a source that goes
 * missing fails its runs, one FIRING message comes, {@code GET /api/alerts} and {@code /metrics}
 * show it; the source back, one RESOLVED message.
 */
class DaemonAlertsTest {
    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime(START);
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private HttpServer hook;

    @BeforeEach
    void setUp() throws IOException {
        Repository.init(new DirectoryObjectStore(dir.resolve("repo")), Repository.DEFAULT_GRAIN_SIZE);
        TestImages.create(dir.resolve("a.img"), 4 * TestImages.MIB, 8, 3, new Random(1));
        hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        hook.createContext("/", exchange -> {
            received.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
    }

    @AfterEach
    void tearDown() {
        hook.stop(0);
    }

    private DaemonPlan plan() {
        RepositoryOpener opener = new RepositoryOpener() {
            @Override
            public Repository open() throws IOException {
                return Repository.open(new DirectoryObjectStore(dir.resolve("repo")));
            }

            @Override
            public void close() {
            }
        };
        AlertRules rules = new AlertRules(EnumSet.of(Rule.CONSECUTIVE_FAILURES), 2, MinimumFree.DEFAULT,
                Optional.empty(), Map.of());
        AlertPlan alerts = new AlertPlan(rules, List.of(new WebhookChannel("hook", SecretSource.plain("http://127.0.0.1:"
                + hook.getAddress().getPort() + "/"), WebhookFormat.JSON, Duration.ofSeconds(10))), Optional.empty(),
                RateLimit.DEFAULT, RetryPolicy.DEFAULT, Duration.ofMinutes(1));
        return new DaemonPlan(List.of(new JobPlan.DiskReplication("a", "main", Schedule.parse("every 15m",
                ZoneOffset.UTC), "file:" + dir.resolve("a.img"), Optional.empty())), Map.of("main", opener),
                new InetSocketAddress("127.0.0.1", 0), Optional.empty(), 4, 1, alerts);
    }

    @Test
    void failuresFireOnceShowInTheApiAndResolveOnce() throws Exception {
        DaemonMetrics metrics = new DaemonMetrics(time);
        Daemon daemon = new Daemon(plan(), new RunJournal(dir.resolve("state")), SchedulerSettings.defaults(), time,
                time, Duration.ofMinutes(5), metrics);
        try {
            daemon.start();
            time.advanceTo(START);
            Files.move(dir.resolve("a.img"), dir.resolve("a.moved"));
            time.advanceTo(START.plus(Duration.ofMinutes(40)));
            awaitMessages(1);
            await(() -> metrics.scrape().contains("pilotlight_alert_messages_total{channel=\"hook\"} 1.0"));

            JsonNode alerts = get(daemon, "/api/alerts");
            assertThat(alerts.path("firing")).hasSize(1);
            JsonNode firing = alerts.path("firing").get(0);
            assertThat(firing.path("rule").asText()).isEqualTo("consecutive-failures");
            assertThat(firing.path("subject").asText()).isEqualTo("a");
            assertThat(firing.path("summary").asText()).startsWith("job a failed ").contains("a.img");
            assertThat(alerts.path("channels").get(0).path("name").asText()).isEqualTo("hook");
            assertThat(alerts.path("channels").get(0).path("delivered").asInt()).isEqualTo(1);
            assertThat(alerts.path("channels").get(0).path("failing").asBoolean()).isFalse();
            assertThat(metrics.scrape()).contains("pilotlight_alerts_firing 1.0")
                    .contains("pilotlight_alert_messages_total{channel=\"hook\"} 1.0");

            Files.move(dir.resolve("a.moved"), dir.resolve("a.img"));
            time.advanceTo(START.plus(Duration.ofMinutes(50)));
            awaitMessages(2);
            await(() -> metrics.scrape().contains("pilotlight_alert_messages_total{channel=\"hook\"} 2.0"));
            assertThat(received).extracting(node -> node.path("state").asText() + " " + node.path("rule").asText()
                    + " " + node.path("subject").asText())
                    .containsExactly("firing consecutive-failures a", "resolved consecutive-failures a");
            assertThat(get(daemon, "/api/alerts").path("firing")).isEmpty();
            assertThat(metrics.scrape()).contains("pilotlight_alerts_firing 0.0");
        } finally {
            daemon.shutdown();
        }
    }

    private void awaitMessages(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(received).hasSizeGreaterThanOrEqualTo(count);
    }

    /** Delivery runs on the channel's thread: its record follows the webhook's answer by a moment. */
    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(done.getAsBoolean()).as("delivery recorded within 20 s").isTrue();
    }

    private static JsonNode get(Daemon daemon, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + daemon.port() + path)).build(), HttpResponse.BodyHandlers.ofString(
                StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
