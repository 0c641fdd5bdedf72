package io.pilotlight.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon in-process on fake time, with real {@code file:} sources into a directory repository:
 * 15-minute cycles, a source that goes missing (failure, retry, recovery), the history journal, the
 * API's status and run-now, the token, and the last runs read back at a restart.
 */
class DaemonTest {
    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path repo;
    private Path state;
    private final FakeTime time = new FakeTime(START);
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws IOException {
        repo = dir.resolve("repo");
        state = dir.resolve("state");
        Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);
        TestImages.create(dir.resolve("a.img"), 4 * TestImages.MIB, 8, 3, new Random(1));
        TestImages.create(dir.resolve("b.img"), 4 * TestImages.MIB, 8, 3, new Random(2));
    }

    private DaemonPlan plan(Optional<String> token) {
        Schedule every15m = Schedule.parse("every 15m", ZoneOffset.UTC);
        List<JobPlan> jobs = List.of(
                new JobPlan.DiskReplication("a", "main", every15m, "file:" + dir.resolve("a.img"),
                        Optional.of(Duration.ofMinutes(30))),
                new JobPlan.DiskReplication("b", "main", every15m, "file:" + dir.resolve("b.img"),
                        Optional.of(Duration.ofMinutes(30))),
                new JobPlan.Verification("check", "main", Schedule.parse("daily 03:00", ZoneOffset.UTC), false));
        RepositoryOpener opener = new RepositoryOpener() {
            @Override
            public Repository open() throws IOException {
                return Repository.open(new DirectoryObjectStore(repo));
            }

            @Override
            public void close() {
            }
        };
        return new DaemonPlan(jobs, Map.of("main", opener), new InetSocketAddress("127.0.0.1", 0), token);
    }

    private Daemon daemon(Optional<String> token) throws IOException {
        return new Daemon(plan(token), new RunJournal(state), SchedulerSettings.defaults(), time, time,
                Duration.ofMinutes(5), new DaemonMetrics(time));
    }

    @Test
    void cyclesFailRetryRecoverAndAreRecorded() throws Exception {
        Daemon daemon = daemon(Optional.empty());
        daemon.start();
        time.advanceTo(START);
        time.advanceTo(START.plus(Duration.ofMinutes(15)));
        Path b = dir.resolve("b.img");
        Files.move(b, dir.resolve("b.moved"));
        time.advanceTo(START.plus(Duration.ofMinutes(30)));
        Files.move(dir.resolve("b.moved"), b);
        time.advanceTo(START.plus(Duration.ofMinutes(40)));

        List<RunRecord> runs = new RunJournal(state).read();
        List<String> bRuns = runs.stream().filter(run -> run.job().equals("b"))
                .map(run -> run.kind() + "@" + run.start() + ":" + run.succeeded()).toList();
        assertThat(bRuns).containsExactly(
                "CATCH_UP@2026-06-01T10:00:00Z:true",
                "SLOT@2026-06-01T10:15:00Z:true",
                "SLOT@2026-06-01T10:30:00Z:false",
                "RETRY@2026-06-01T10:31:00Z:true");
        RunRecord failed = runs.stream().filter(run -> !run.succeeded()).findFirst().orElseThrow();
        assertThat(failed.reason()).startsWith("replicate b failed: ").contains("b.img");
        RunRecord first = runs.get(0);
        assertThat(first.bytesRead()).isPositive().isLessThanOrEqualTo(4 * TestImages.MIB);
        assertThat(first.bytesStored()).isPositive();
        assertThat(runs.stream().filter(run -> run.job().equals("a")).map(RunRecord::succeeded))
                .containsExactly(true, true, true);

        JsonNode status = get(daemon, "/api/status", Optional.empty()).path("body");
        JsonNode jobB = job(status, "b");
        assertThat(jobB.path("kind").asText()).isEqualTo("replicate");
        assertThat(jobB.path("schedule").asText()).isEqualTo("every 15m");
        assertThat(jobB.path("nextRun").asText()).isEqualTo("2026-06-01T10:45:00Z");
        assertThat(jobB.path("lastRun").path("succeeded").asBoolean()).isTrue();
        assertThat(jobB.path("lastRun").path("kind").asText()).isEqualTo("RETRY");
        Repository repository = Repository.open(new DirectoryObjectStore(repo));
        JsonNode diskB = disk(status, "b");
        assertThat(diskB.path("newestPoint").asText()).isEqualTo(repository.latest("b").orElseThrow().id());
        assertThat(diskB.path("rpoSeconds").asLong()).isEqualTo(1800);
        assertThat(status.path("disks")).hasSize(2);
        daemon.shutdown();
    }

    @Test
    void runNowThroughTheApi() throws Exception {
        Daemon daemon = daemon(Optional.empty());
        daemon.start();
        time.advanceTo(START);
        int before = Repository.open(new DirectoryObjectStore(repo)).points(Optional.of("a")).size();

        JsonNode started = post(daemon, "/api/jobs/a/run");
        time.advance(Duration.ZERO);
        assertThat(started.path("code").asInt()).isEqualTo(202);
        assertThat(started.path("body").path("answer").asText()).isIn("STARTED", "QUEUED");
        assertThat(Repository.open(new DirectoryObjectStore(repo)).points(Optional.of("a"))).hasSize(before + 1);
        assertThat(new RunJournal(state).read()).last().satisfies(run -> {
            assertThat(run.job()).isEqualTo("a");
            assertThat(run.kind()).isEqualTo("RUN_NOW");
        });

        JsonNode unknown = post(daemon, "/api/jobs/nope/run");
        assertThat(unknown.path("code").asInt()).isEqualTo(404);
        assertThat(unknown.path("body").path("error").asText()).isEqualTo("no job named nope; the jobs are a, b, check");
        daemon.shutdown();
    }

    @Test
    void aRestartReadsTheLastRunsAndDoesNotRunAgainBeforeTheNextSlot() throws Exception {
        Daemon first = daemon(Optional.empty());
        first.start();
        time.advanceTo(START.plus(Duration.ofMinutes(5)));
        first.shutdown();
        int runs = new RunJournal(state).read().size();
        assertThat(runs).isEqualTo(3);

        Daemon second = daemon(Optional.empty());
        second.start();
        time.advanceTo(START.plus(Duration.ofMinutes(10)));
        assertThat(new RunJournal(state).read()).hasSize(runs);
        assertThat(job(get(second, "/api/status", Optional.empty()).path("body"), "a").path("nextRun").asText())
                .isEqualTo("2026-06-01T10:15:00Z");
        second.shutdown();
    }

    @Test
    void aTokenIsRequiredWhenConfiguredAndMetricsAreServed() throws Exception {
        Daemon daemon = daemon(Optional.of("s3cret"));
        daemon.start();
        time.advanceTo(START);
        assertThat(get(daemon, "/api/status", Optional.empty()).path("code").asInt()).isEqualTo(401);
        assertThat(get(daemon, "/api/status", Optional.of("wrong")).path("code").asInt()).isEqualTo(401);
        assertThat(get(daemon, "/api/status", Optional.of("s3cret")).path("code").asInt()).isEqualTo(200);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(uri(daemon, "/metrics"))
                .header("Authorization", "Bearer s3cret").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("pilotlight_job_info{job_name=\"a\",kind=\"replicate\",schedule=\"every 15m\"} 1");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri(daemon, "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        daemon.shutdown();
    }

    private static JsonNode job(JsonNode status, String name) {
        for (JsonNode job : status.path("jobs")) {
            if (job.path("name").asText().equals(name)) {
                return job;
            }
        }
        throw new AssertionError("no job " + name + " in " + status);
    }

    private static JsonNode disk(JsonNode status, String name) {
        for (JsonNode disk : status.path("disks")) {
            if (disk.path("disk").asText().equals(name)) {
                return disk;
            }
        }
        throw new AssertionError("no disk " + name + " in " + status);
    }

    private static URI uri(Daemon daemon, String path) {
        return URI.create("http://127.0.0.1:" + daemon.port() + path);
    }

    private JsonNode get(Daemon daemon, String path, Optional<String> token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(daemon, path));
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return answer(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private JsonNode post(Daemon daemon, String path) throws Exception {
        return answer(http.send(HttpRequest.newBuilder(uri(daemon, path)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static JsonNode answer(HttpResponse<String> response) throws IOException {
        return JSON.createObjectNode().put("code", response.statusCode()).set("body", JSON.readTree(response.body()));
    }
}
