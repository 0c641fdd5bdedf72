package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against a repository in S3 (S3Proxy in this JVM), with credentials from the
 * SDK's default chain: the {@code aws.accessKeyId} and {@code aws.secretAccessKey} system
 * properties, set around each run and restored after.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Slow
class CliS3EndToEndTest {
    private static final String BUCKET = "cli-repositories";

    @RegisterExtension
    static final S3ProxyFixture server = S3ProxyFixture.withBuckets(BUCKET);

    @TempDir
    Path temp;

    @Test
    void initReplicateTwiceListVerifyAndRestoreTheFirstPoint() throws Exception {
        Path image = temp.resolve("disk.img");
        writeImage(image);
        Path firstImage = temp.resolve("first.img");

        String firstId = withCredentials(S3ProxyFixture.SECRET_KEY, () -> {
            CliRun init = s3("s3://" + BUCKET + "/some/prefix", "init");
            assertThat(init.exitCode()).as(init.err()).isZero();

            CliRun first = s3("s3://" + BUCKET + "/some/prefix", "replicate", "--disk", "d1", "--source", "file:" + image);
            assertThat(first.exitCode()).as(first.err()).isZero();
            Files.copy(image, firstImage);
            change(image);
            CliRun second = s3("s3://" + BUCKET + "/some/prefix", "replicate", "--disk", "d1", "--source", "file:" + image);
            assertThat(second.exitCode()).as(second.err()).isZero();

            CliRun points = s3("s3://" + BUCKET + "/some/prefix", "points", "--json");
            assertThat(points.exitCode()).as(points.err()).isZero();
            JsonNode array = new ObjectMapper().readTree(points.out());
            assertThat(array).hasSize(2);
            assertThat(array.get(0).get("id").asText()).isEqualTo(first.out().strip());
            assertThat(array.get(1).get("id").asText()).isEqualTo(second.out().strip());

            CliRun verify = s3("s3://" + BUCKET + "/some/prefix", "verify", "--read-data");
            assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.out()).startsWith("no faults: 2 points");
            return first.out().strip();
        });

        Path restored = temp.resolve("restored.img");
        CliRun restore = withCredentials(S3ProxyFixture.SECRET_KEY, () -> s3("s3://" + BUCKET + "/some/prefix",
                "restore", "--disk", "d1", "--point", firstId, "--to", restored.toString()));
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(Files.mismatch(firstImage, restored)).as("first differing byte of the restored first point")
                .isEqualTo(-1);
        assertThat(Files.mismatch(image, restored)).as("the image changed after the first point").isNotEqualTo(-1);
    }

    @Test
    void aMissingBucketExits10NamingIt() throws Exception {
        CliRun init = withCredentials(S3ProxyFixture.SECRET_KEY, () -> s3("s3://no-such-bucket/repo", "init"));

        assertOneLineFailure(init, 10);
        assertThat(init.err()).contains("bucket no-such-bucket does not exist");
    }

    @Test
    void wrongCredentialsExit11() throws Exception {
        CliRun init = withCredentials("not-the-secret", () -> s3("s3://" + BUCKET + "/wrong-secret", "init"));

        assertOneLineFailure(init, 11);
        assertThat(init.err()).contains("rejected the credentials for bucket " + BUCKET);
    }

    @Test
    void aClosedPortExits12NamingTheEndpoint() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;

        CliRun init = withCredentials(S3ProxyFixture.SECRET_KEY,
                () -> CliRun.run("--repo", "s3://" + BUCKET + "/closed", "--s3-endpoint", endpoint, "init"));

        assertOneLineFailure(init, 12);
        assertThat(init.err()).contains("cannot reach S3 endpoint " + endpoint);
    }

    /** Runs a command on the repository {@code repo} at the test server. */
    private static CliRun s3(String repo, String... command) {
        List<String> args = new ArrayList<>(List.of("--repo", repo, "--s3-endpoint", server.endpoint().toString()));
        args.addAll(List.of(command));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static void assertOneLineFailure(CliRun run, int exitCode) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.err().strip().lines()).as("stderr: " + run.err()).hasSize(1);
        assertThat(run.err()).startsWith("pilotlight: ").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    /** Runs {@code call} with the test access key and {@code secret} as the SDK's system properties. */
    private static <T> T withCredentials(String secret, Callable<T> call) throws Exception {
        try (SdkKeys keys = SdkKeys.set(S3ProxyFixture.ACCESS_KEY, secret)) {
            return call.call();
        }
    }

    /** 16 MiB, sparse, with a few seeded extents of random data. */
    private static void writeImage(Path image) throws IOException {
        Random random = new Random(41);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(16 << 20);
            for (int i = 0; i < 4; i++) {
                byte[] data = new byte[(1 + random.nextInt(2)) << 20];
                random.nextBytes(data);
                file.seek((long) random.nextInt(14) << 20);
                file.write(data);
            }
        }
    }

    private static void change(Path image) throws IOException {
        Random random = new Random(42);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            for (int i = 0; i < 6; i++) {
                byte[] data = new byte[64 * 1024];
                random.nextBytes(data);
                file.seek(random.nextLong(file.length() - data.length));
                file.write(data);
            }
        }
    }
}
