package io.pilotlight.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.check.Verifier;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository on S3 end to end: replicate, restore byte-identical, verify; then the bucket as
 * users see it with their usual tool, {@code aws s3 ls}, through the same endpoint.
 */
@Slow
class S3RepositoryTest {
    private static final String BUCKET = "repositories";

    @RegisterExtension
    static final S3ProxyFixture server = S3ProxyFixture.withBuckets(BUCKET);

    @TempDir
    Path dir;

    @Test
    void aReplicatedImageRestoresExactlyAndVerifies() throws Exception {
        Path image = writeImage(dir.resolve("disk.img"));
        try (S3ObjectStore store = server.open("s3://" + BUCKET + "/round-trip")) {
            Repository repository = Repository.init(store, Repository.DEFAULT_GRAIN_SIZE);
            PointInfo point;
            try (FileSource source = FileSource.open(image)) {
                point = new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE)
                        .replicate("sda", source);
            }
            new Restorer(repository, ProgressListener.NONE).restore("sda", point.id(), dir.resolve("restored"), false);

            assertThat(Files.mismatch(image, dir.resolve("restored"))).isEqualTo(-1);
        }
        try (S3ObjectStore store = server.open("s3://" + BUCKET + "/round-trip")) {
            Repository reopened = Repository.open(store);
            assertThat(new Verifier(reopened, ProgressListener.NONE).verify(true).faults()).isEmpty();
            assertThat(reopened.points(Optional.empty())).hasSize(1);
        }
    }

    @Test
    void theAwsCliListsARepositoryWrittenByPilotlight() throws Exception {
        Optional<String> unavailable = awsCliProblem();
        if (unavailable.isPresent()) {
            System.out.println("S3RepositoryTest: skipping the aws CLI check: " + unavailable.get());
        }
        assumeTrue(unavailable.isEmpty(), () -> "aws CLI not usable: " + unavailable.get());
        Path image = writeImage(dir.resolve("disk.img"));
        try (S3ObjectStore store = server.open("s3://" + BUCKET + "/interop")) {
            Repository repository = Repository.init(store, Repository.DEFAULT_GRAIN_SIZE);
            try (FileSource source = FileSource.open(image)) {
                new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE).replicate("sda", source);
            }
        }

        String listing = run(List.of("aws", "--endpoint-url", server.endpoint().toString(), "s3", "ls",
                "--recursive", "s3://" + BUCKET + "/interop/"));

        List<String> keys = listing.lines().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList();
        assertThat(keys).contains("interop/config");
        assertThat(keys).anyMatch(key -> key.startsWith("interop/data/"));
        assertThat(keys).anyMatch(key -> key.startsWith("interop/index/"));
        assertThat(keys).anyMatch(key -> key.startsWith("interop/points/sda/"));
        assertThat(keys).allMatch(key -> key.startsWith("interop/"));
    }

    private static Path writeImage(Path image) throws IOException {
        Random random = new Random(11);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(8L << 20);
            for (int i = 0; i < 6; i++) {
                byte[] data = new byte[(1 + random.nextInt(8)) * 65536];
                random.nextBytes(data);
                file.seek((long) random.nextInt(64) * 65536);
                file.write(data);
            }
        }
        return image;
    }

    /** Why the aws CLI cannot be used here, or empty if {@code aws --version} works. */
    private static Optional<String> awsCliProblem() {
        try {
            run(List.of("aws", "--version"));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Runs an aws CLI command with the test's credentials in its environment only; returns stdout. */
    private static String run(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ACCESS_KEY_ID", S3ProxyFixture.ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", S3ProxyFixture.SECRET_KEY);
        environment.put("AWS_DEFAULT_REGION", "us-east-1");
        environment.put("AWS_CONFIG_FILE", "/dev/null");
        environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        environment.remove("AWS_PROFILE");
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                        + output.strip());
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command, e);
        }
    }
}
