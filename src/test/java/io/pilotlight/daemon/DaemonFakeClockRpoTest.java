package io.pilotlight.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.alert.AlertPlan;
import io.pilotlight.alert.AlertRules;
import io.pilotlight.alert.MinimumFree;
import io.pilotlight.alert.RateLimit;
import io.pilotlight.alert.RetryPolicy;
import io.pilotlight.alert.Rule;
import io.pilotlight.metrics.DaemonMetrics;
import io.pilotlight.repo.Repository;
import io.pilotlight.schedule.Schedule;
import io.pilotlight.schedule.SchedulerSettings;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.FakeTime;
import io.pilotlight.testing.TestImages;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon on fake time, months away from the host's clock, stamps its restore points with the fake
 * time, so their age, the RPO state of the status page and the RPO alerts all follow the fake clock
 * end to end: a point at 10:00, the source gone, and at 11:05 the disk (target 30 min) is severely
 * exceeded, its alerts firing since 10:30 and 11:00.
 */
class DaemonFakeClockRpoTest {
    private static final Instant START = Instant.parse("2025-01-06T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime(START);

    @Test
    void pointsCarryTheDaemonsClockAndTheRpoFollowsIt() throws Exception {
        Repository.init(new DirectoryObjectStore(dir.resolve("repo")), Repository.DEFAULT_GRAIN_SIZE);
        TestImages.create(dir.resolve("a.img"), 4 * TestImages.MIB, 8, 3, new Random(1));
        Daemon daemon = new Daemon(plan(), new RunJournal(dir.resolve("state")), SchedulerSettings.defaults(), time,
                time, Duration.ofMinutes(5), new DaemonMetrics(time));
        try {
            daemon.start();
            time.advanceTo(START);
            JsonNode disk = get(daemon, "/api/status").path("disks").get(0);
            assertThat(disk.path("newestPointTime").asText()).isEqualTo("2025-01-06T10:00:00Z");
            assertThat(disk.path("withinRpo").asBoolean()).isTrue();
            assertThat(Repository.open(new DirectoryObjectStore(dir.resolve("repo"))).latest("a").orElseThrow()
                    .created()).isEqualTo("2025-01-06T10:00:00Z");

            Files.move(dir.resolve("a.img"), dir.resolve("a.moved"));
            time.advanceTo(START.plus(Duration.ofMinutes(65)));

            JsonNode item = get(daemon, "/api/disks/a");
            assertThat(item.path("state").asText()).isEqualTo("SEVERELY_EXCEEDED");
            assertThat(item.path("ageSeconds").asLong()).isEqualTo(65 * 60);
            List<String> firing = new ArrayList<>();
            get(daemon, "/api/alerts").path("firing").forEach(alert -> firing.add(alert.path("rule").asText() + " "
                    + alert.path("subject").asText() + " since " + alert.path("since").asText()));
            assertThat(firing).containsExactlyInAnyOrder("rpo-exceeded a since 2025-01-06T10:30:00Z",
                    "rpo-severely-exceeded a since 2025-01-06T11:00:00Z");
        } finally {
            daemon.shutdown();
        }
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
        AlertRules rules = new AlertRules(EnumSet.of(Rule.RPO_EXCEEDED, Rule.RPO_SEVERELY_EXCEEDED,
                Rule.RPO_CRITICALLY_EXCEEDED), 3, MinimumFree.DEFAULT, Optional.empty(), Map.of());
        AlertPlan alerts = new AlertPlan(rules, List.of(), Optional.empty(), RateLimit.DEFAULT, RetryPolicy.DEFAULT,
                Duration.ofMinutes(1));
        return new DaemonPlan(List.of(new JobPlan.DiskReplication("a", "main", Schedule.parse("every 15m",
                ZoneOffset.UTC), "file:" + dir.resolve("a.img"), Optional.of(Duration.ofMinutes(30)))),
                Map.of("main", opener), new InetSocketAddress("127.0.0.1", 0), Optional.empty(), 4, 1, alerts);
    }

    private static JsonNode get(Daemon daemon, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + daemon.port() + path)).build(), HttpResponse.BodyHandlers.ofString(
                StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
