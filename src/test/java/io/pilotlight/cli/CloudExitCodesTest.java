package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pilotlight.cloud.aws.AwsConnection;
import io.pilotlight.cloud.aws.Failover;
import io.pilotlight.cloud.aws.FailoverOptions;
import io.pilotlight.cloud.aws.Retrying;
import io.pilotlight.cloud.aws.SnapshotSync;
import io.pilotlight.cloud.aws.SyncOptions;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.testing.SampleRepository;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.ebs.AwsError;
import io.pilotlight.testing.ebs.FakeAws;
import io.pilotlight.testing.ebs.FakeTicker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Every error the fake EC2/EBS endpoint can answer ends, through the sync or failover and the one
 * exit-code mapper, in a one-line message naming the request and AWS's words, and an exit code of its own.
 */
@Slow
class CloudExitCodesTest {
    @TempDir
    static Path temp;
    static FakeAws fake;
    static SampleRepository sample;

    @BeforeAll
    static void start() throws Exception {
        fake = FakeAws.start(temp.resolve("fake"));
        sample = new SampleRepository(temp);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    record Case(String name, Consumer<FakeAws> fault, boolean failover, int code, String message) {}

    static AwsError error(int status, String type, String reason, String message) {
        return new AwsError(status, type, reason, message);
    }

    static List<Case> cases() {
        return List.of(
                new Case("validation", f -> f.fail("StartSnapshot", error(400, "ValidationException",
                        "INVALID_VOLUME_SIZE", "bad size"), 1), false, 20,
                        "EBS StartSnapshot (token "),
                new Case("token conflict", f -> f.fail("StartSnapshot", error(409, "ConflictException", null,
                        "token used"), 1), false, 20, "ConflictException (HTTP 409): token used"),
                new Case("throttled", f -> f.throttle("PutSnapshotBlock", 100), false, 21,
                        "RequestThrottledException (HTTP 400): Rate exceeded (after 8 attempts)"),
                new Case("not found after start", f -> f.notFoundAfterStart(100_000), false, 21,
                        "still after 120 s of retries"),
                new Case("snapshot error", f -> f.errorCompletions(3), false, 22, "ended in error 3 times"),
                new Case("access denied", f -> f.fail("StartSnapshot", error(403, "AccessDeniedException",
                        "UNAUTHORIZED_ACCOUNT", "not allowed"), 1), false, 13,
                        "AccessDeniedException UNAUTHORIZED_ACCOUNT (HTTP 403): not allowed; the IAM policy"),
                new Case("service failure", f -> f.fail("CompleteSnapshot", error(500, "InternalServerException", null,
                        "oops"), 100), false, 24, "InternalServerException (HTTP 500): oops (after 8 attempts)"),
                new Case("snapshot gone", f -> f.fail("RegisterImage", error(400, "InvalidSnapshot.NotFound", null,
                        "The snapshot 'snap-1' does not exist."), 1), true, 23, "EC2 RegisterImage from snap-"),
                new Case("launch refused", f -> f.fail("RunInstances", error(400, "InvalidParameterCombination", null,
                        "ENA is required"), 1), true, 20, "EC2 RunInstances of ami-"),
                new Case("ec2 throttled", f -> f.throttle("DescribeInstances", 100), true, 21,
                        "RequestLimitExceeded (HTTP 503)"),
                new Case("instance stopped", f -> f.ec2.bootFailure = "Server.InsufficientInstanceCapacity", true, 25,
                        "is stopped instead of running: Server.InternalError: Server.InsufficientInstanceCapacity"),
                new Case("no heartbeat", f -> { }, true, 26, "showed no console line matching 'NEVER-SEEN' in 30 s"));
    }

    @Test
    void everyErrorOfTheFakeEndsInAClearMessageAndAnExitCodeOfItsOwn() throws Exception {
        for (Case c : cases()) {
            Throwable failure = run(c);
            StringWriter err = new StringWriter();
            int code = ExitCodes.report(failure, new PrintWriter(err));
            assertThat(code).as(c.name() + ": " + err).isEqualTo(c.code());
            assertThat(err.toString()).as(c.name()).startsWith("pilotlight: ").contains(c.message()).hasLineCount(1);
        }
        assertThat(cases().stream().collect(Collectors.toMap(Case::code, Case::name, (a, b) -> a)).keySet())
                .containsExactlyInAnyOrder(13, 20, 21, 22, 23, 24, 25, 26);
    }

    @Test
    void badCredentialsAndAnUnreachableEndpointToo() throws Exception {
        StringWriter err = new StringWriter();
        try (AwsConnection stranger = AwsConnection.open(FakeAws.REGION, Optional.of(fake.endpoint()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAOTHER", "x")), 2)) {
            assertThat(ExitCodes.report(catchThrowable(() -> sync(stranger).sync("d1", "latest")),
                    new PrintWriter(err))).isEqualTo(11);
        }
        assertThat(err.toString()).contains("UnrecognizedClientException (HTTP 403)").contains("AWS_ACCESS_KEY_ID");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        StringWriter unreachable = new StringWriter();
        try (AwsConnection nowhere = AwsConnection.open(FakeAws.REGION, Optional.of(URI.create("http://127.0.0.1:"
                + port)), fake.credentials(), 2)) {
            assertThat(ExitCodes.report(catchThrowable(() -> sync(nowhere).sync("d1", "latest")),
                    new PrintWriter(unreachable))).isEqualTo(12);
        }
        assertThat(unreachable.toString()).contains("cannot reach http://127.0.0.1:" + port);
    }

    static SnapshotSync sync(AwsConnection aws) {
        return new SnapshotSync(sample.repository, aws, Retrying.defaults(new FakeTicker(), aws.endpoint()),
                SyncOptions.defaults(), Clock.systemUTC(), ProgressListener.NONE);
    }

    /** Runs the case on a disk of its own (or a failover of it, drill, heartbeat 'NEVER-SEEN'); returns the failure. */
    static Throwable run(Case c) throws Exception {
        try (AwsConnection aws = AwsConnection.open(FakeAws.REGION, Optional.of(fake.endpoint()), fake.credentials(),
                4)) {
            String disk = "case" + cases().indexOf(c);
            try (FileSource source = FileSource.open(sample.image)) {
                new Replicator(sample.repository, new ReplicateOptions(2, 1), ProgressListener.NONE).replicate(disk, source);
            }
            if (c.failover()) {
                sync(aws).sync(disk, "latest");
            }
            c.fault().accept(fake);
            try {
                FakeTicker ticker = new FakeTicker();
                if (c.failover()) {
                    FailoverOptions options = new FailoverOptions(disk, false, "latest", "t3.micro", Optional.empty(),
                            List.of(), Optional.empty(), FailoverOptions.BootMode.LEGACY_BIOS,
                            Pattern.compile("NEVER-SEEN"), Duration.ofSeconds(30),
                            Duration.ofSeconds(30), true, true);
                    new Failover(sample.repository, sync(aws), aws, Retrying.defaults(ticker, aws.endpoint()), Clock.systemUTC())
                            .run(options);
                } else {
                    sync(aws).sync(disk, "latest");
                }
                throw new AssertionError(c.name() + ": no failure");
            } catch (java.io.IOException e) {
                return e;
            } finally {
                fake.clearFaults();
            }
        }
    }

}
