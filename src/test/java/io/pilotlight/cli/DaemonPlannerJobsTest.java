package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.metrics.DaemonMetrics;
import io.pilotlight.cli.config.ConfigParser;
import io.pilotlight.cli.config.ConfigResult;
import io.pilotlight.cli.config.PilotlightConfig;
import io.pilotlight.daemon.Daemon;
import io.pilotlight.daemon.DaemonPlan;
import io.pilotlight.daemon.RunJournal;
import io.pilotlight.daemon.RunRecord;
import io.pilotlight.repo.Repository;
import io.pilotlight.schedule.SchedulerSettings;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.FakeTime;
import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A config file planned by {@link DaemonPlanner} and run by a real {@link Daemon} on fake time: an
 * S3 repository (S3Proxy, which checks signatures) reached with the credentials the file references,
 * and refused with wrong ones without the secret showing anywhere ({@link DaemonVsphereGroupTest}:
 * a vSphere group).
 */
@Timeout(300)
class DaemonPlannerJobsTest {
    static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    @RegisterExtension
    static final S3ProxyFixture SERVER = S3ProxyFixture.withBuckets("creds");
    private static final String WRONG_SECRET = "wrong-secret-4f9d2c7a";

    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime(START);
    private final StringWriter err = new StringWriter();

    /** The plan of {@code yaml}, which must be free of problems, as the daemon command makes it. */
    static DaemonPlan plan(String yaml, Map<String, String> environment, StringWriter err) throws IOException {
        ConfigResult result = new ConfigParser().parse("p.yaml", yaml);
        assertThat(result.problems()).isEmpty();
        PilotlightConfig config = result.config().orElseThrow();
        CommandLine commandLine = PilotlightCommand.commandLine(environment, false);
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.parseArgs(); // the top-level options' defaults (uploads, ...)
        return new DaemonPlanner(commandLine.getCommand()).plan(config);
    }

    private DaemonPlan plan(String yaml, Map<String, String> environment) throws IOException {
        return plan(yaml, environment, err);
    }

    /** Something to do between the daemon's first runs and the later ones. */
    interface Between {
        void run() throws IOException;
    }

    /** Runs the plan's jobs at START and each instant after, then stops; returns what went to System.err. */
    static String run(DaemonPlan plan, FakeTime time, Path state, Instant... after) throws Exception {
        return run(plan, time, state, () -> { }, after);
    }

    /** As above, doing {@code between} after the runs at START. */
    static String run(DaemonPlan plan, FakeTime time, Path state, Between between, Instant... after)
            throws Exception {
        PrintStream systemErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Daemon daemon = new Daemon(plan, new RunJournal(state), SchedulerSettings.defaults(), time,
                    time, Duration.ofMinutes(5), new DaemonMetrics(time));
            daemon.start();
            time.advanceTo(START);
            between.run();
            for (Instant instant : after) {
                time.advanceTo(instant);
            }
            daemon.shutdown();
        } finally {
            System.setErr(systemErr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private String run(DaemonPlan plan) throws Exception {
        return run(plan, time, dir.resolve("state"));
    }

    private List<RunRecord> runs() throws IOException {
        return new RunJournal(dir.resolve("state")).read();
    }

    private String s3Config(String prefix, Path secretFile) throws IOException {
        Repository.init(SERVER.open("s3://creds/" + prefix), Repository.DEFAULT_GRAIN_SIZE);
        TestImages.create(dir.resolve("a.img"), 2 * TestImages.MIB, 4, 2, new Random(3));
        return """
                repositories:
                  main:
                    location: s3://creds/%s
                    endpoint: %s
                    region: us-east-1
                    access-key-id: {env: PL_S3_KEY_ID}
                    secret-access-key: {file: %s}
                disks:
                  a: {source: "file:%s", schedule: every 15m}
                """.formatted(prefix, SERVER.endpoint(), secretFile, dir.resolve("a.img"));
    }

    @Test
    void theS3CredentialsOfTheFileReplicate() throws Exception {
        Path secret = Files.writeString(dir.resolve("s3-secret"), S3ProxyFixture.SECRET_KEY + "\n");
        DaemonPlan plan = plan(s3Config("good", secret), Map.of("PL_S3_KEY_ID", S3ProxyFixture.ACCESS_KEY));
        run(plan);

        assertThat(runs()).singleElement().satisfies(run -> assertThat(run.succeeded()).as(run.reason()).isTrue());
        Repository repository = Repository.open(SERVER.open("s3://creds/good"));
        assertThat(repository.latest("a")).isPresent();
    }

    @Test
    void wrongS3CredentialsFailTheRunNamingTheReferencesAndNeverTheSecret() throws Exception {
        Path secret = Files.writeString(dir.resolve("s3-secret"), WRONG_SECRET + "\n");
        DaemonPlan plan = plan(s3Config("wrong", secret), Map.of("PL_S3_KEY_ID", S3ProxyFixture.ACCESS_KEY));
        String stderr = run(plan, time, dir.resolve("state"),
                () -> Files.writeString(secret, S3ProxyFixture.SECRET_KEY + "\n"), START.plus(Duration.ofMinutes(2)));

        RunRecord failed = runs().get(0);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.reason()).contains("repository main (s3://creds/wrong): the S3 endpoint rejected the"
                + " credentials of access-key-id {env: PL_S3_KEY_ID} and secret-access-key {file: " + secret
                + "}: check those secrets");
        assertThat(stderr).contains("rejected the credentials").doesNotContain(WRONG_SECRET);
        assertThat(err.toString()).doesNotContain(WRONG_SECRET);
        assertThat(Files.readString(dir.resolve("state").resolve(RunJournal.FILE_NAME))).doesNotContain(WRONG_SECRET);
        assertThat(runs()).hasSize(2).last().satisfies(retry -> {
            assertThat(retry.kind()).isEqualTo("RETRY");
            assertThat(retry.succeeded()).as("the fixed secret file is read at the retry's open, without a reload: "
                    + retry.reason()).isTrue();
        });
        assertThat(Repository.open(SERVER.open("s3://creds/wrong")).latest("a")).isPresent();
    }

    /**
     * The daemon's replicate runs use the commands' host cache directory ($PILOTLIGHT_CACHE here):
     * the checked-points record of §15b is written there, so the next scheduled cycle may skip reading
     * the parent's unchanged segments as a command's would.
     */
    @Test
    void replicateRunsUseTheCommandsCacheDirectory() throws Exception {
        Path location = dir.resolve("repo");
        String id = Repository.init(new DirectoryObjectStore(location), Repository.DEFAULT_GRAIN_SIZE).config().id();
        TestImages.create(dir.resolve("a.img"), 2 * TestImages.MIB, 4, 2, new Random(3));
        Path cache = dir.resolve("cache");
        DaemonPlan plan = plan("""
                repositories:
                  main: {location: %s}
                disks:
                  a: {source: "file:%s", schedule: every 15m}
                """.formatted(location, dir.resolve("a.img")), Map.of("PILOTLIGHT_CACHE", cache.toString()));
        run(plan, time, dir.resolve("state"), START.plus(Duration.ofMinutes(15)));

        assertThat(runs()).hasSize(2).allSatisfy(run -> assertThat(run.succeeded()).as(run.reason()).isTrue());
        Path checked = cache.resolve(id).resolve("checked").resolve("a");
        assertThat(checked).isRegularFile();
        String latest = Repository.open(new DirectoryObjectStore(location)).latest("a").orElseThrow().id();
        assertThat(Files.readString(checked)).as("the record names the daemon's last point").contains("point " + latest);
    }

    @Test
    void anUnsetCredentialReferenceFailsTheRunNamingIt() throws Exception {
        Path secret = Files.writeString(dir.resolve("s3-secret"), S3ProxyFixture.SECRET_KEY + "\n");
        DaemonPlan plan = plan(s3Config("unset", secret), Map.of());
        run(plan);

        assertThat(runs().get(0).reason()).contains("repository main: access-key-id {env: PL_S3_KEY_ID} is not set");
    }
}
