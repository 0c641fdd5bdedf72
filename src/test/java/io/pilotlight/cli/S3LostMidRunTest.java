package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.SourceUri;
import io.pilotlight.store.FaultProxy;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.store.S3Location;
import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An S3 server lost in the middle of a replicate: exit 12, as the README says (issue 19, defect 9),
 * and soon. A server lost as a stopped process (connections refused, open ones closed), and one lost
 * as a host that stops answering ({@link FaultProxy#lose}: connections refused, open ones hang):
 * there the pack upload in flight blocks in its socket write for good, which {@code BlobWriter.close}
 * waited for up to 10 minutes, and the lease's release then waited a socket timeout (60 s) per attempt
 * on a kept-alive connection to the lost server.
 */
@Slow
class S3LostMidRunTest {
    /** Generous: the command ends in about 10 s (the wait for uploads still running after one failed). */
    private static final Duration BOUND = Duration.ofSeconds(60);
    /** A pack upload (the repository's data keys). */
    private static final Predicate<String> PACK_PUT = line -> line.startsWith("PUT ") && line.contains("/repo/data/");

    @TempDir
    Path dir;

    @Test
    void aServerLostMidRunExits12() throws Exception {
        Path image = dir.resolve("disk.img");
        Random random = new Random(12);
        byte[] block = new byte[1 << 20];
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            for (int i = 0; i < 96; i++) {
                random.nextBytes(block);
                file.write(block);
            }
        }
        Path buckets = Files.createDirectories(dir.resolve("s3"));
        S3ProxyFixture server = S3ProxyFixture.start(buckets);
        String endpoint = server.endpoint().toString();
        System.setProperty("aws.accessKeyId", S3ProxyFixture.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyFixture.SECRET_KEY);
        try {
            server.createBucket("lost");
            String[] repo = {"--repo", "s3://lost/repo", "--s3-endpoint", endpoint};
            CliRun init = CliRun.run(concat(repo, "init"));
            assertThat(init.exitCode()).as(init.err()).isZero();
            RunningCli replicate = RunningCli.start(concat(repo, "replicate", "--disk", "d1", "--source",
                    "file:" + image));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!packStored(buckets)) {
                assertThat(replicate.isRunning()).as("replicate still running: %s", replicate.err()).isTrue();
                assertThat(System.nanoTime()).as("a first pack within 60 s").isLessThan(deadline);
                Thread.sleep(5);
            }
            server.close();
            long lostAt = System.nanoTime();
            CliRun lost = replicate.awaitEnd(120);
            assertThat(Duration.ofNanos(System.nanoTime() - lostAt)).as("from the loss to the end").isLessThan(BOUND);
            assertThat(lost.exitCode()).as(lost.err()).isEqualTo(ExitCodes.STORE_UNREACHABLE);
            assertThat(lost.err()).contains(endpoint);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            server.close();
        }
    }

    @Test
    void aServerThatStopsAnsweringWithAPackUploadInFlightExits12WithinAMinute() throws Exception {
        Path image = image();
        try (S3ProxyFixture server = S3ProxyFixture.start(Files.createDirectories(dir.resolve("s3")));
                FaultProxy proxy = new FaultProxy("127.0.0.1", server.endpoint().getPort(), 1)) {
            server.createBucket("lost");
            String endpoint = "http://127.0.0.1:" + proxy.port();
            String[] repo = {"--repo", "s3://lost/repo", "--s3-endpoint", endpoint};
            System.setProperty("aws.accessKeyId", S3ProxyFixture.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", S3ProxyFixture.SECRET_KEY);
            try {
                CliRun init = CliRun.run(concat(repo, "init"));
                assertThat(init.exitCode()).as(init.err()).isZero();
                proxy.loseAtRequest(PACK_PUT);
                RunningCli replicate = RunningCli.start(concat(repo, "replicate", "--disk", "d1", "--source",
                        "file:" + image));
                long lostAt = awaitLoss(proxy, replicate::isRunning);
                CliRun lost = replicate.awaitEnd(BOUND.toSeconds() + 60);
                Duration toEnd = Duration.ofNanos(System.nanoTime() - lostAt);
                System.out.printf("S3LostMidRunTest: a server that stopped answering: the command ended %d ms"
                        + " after the loss%n", toEnd.toMillis());
                assertThat(toEnd).as("from the loss to the end; stderr:%n%s", lost.err()).isLessThan(BOUND);
                assertThat(lost.exitCode()).as(lost.err()).isEqualTo(ExitCodes.STORE_UNREACHABLE);
                assertThat(lost.err()).contains(endpoint);
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
        }
    }

    /**
     * The same loss under the command's own store stack, counting what reaches the S3 store below
     * the retries: after the loss, one attempt at most per call, none once "unreachable" is known,
     * and no retry schedule.
     */
    @Test
    void afterTheLossFewRequestsAreAttemptedAndTheFailureIsUnreachable() throws Exception {
        Path image = image();
        try (S3ProxyFixture server = S3ProxyFixture.start(Files.createDirectories(dir.resolve("s3")));
                FaultProxy proxy = new FaultProxy("127.0.0.1", server.endpoint().getPort(), 1)) {
            server.createBucket("lost");
            S3Location location = S3Location.parse("s3://lost/repo")
                    .withEndpoint(URI.create("http://127.0.0.1:" + proxy.port())).withPathStyle(true);
            StoreStack stack = StoreStack.of(4, null, null);
            AtomicLong requestsAtLoss = new AtomicLong(-1);
            proxy.loseAtRequest(line -> {
                boolean pack = PACK_PUT.test(line);
                if (pack) {
                    requestsAtLoss.set(stack.meter().snapshot().requests());
                }
                return pack;
            });
            try (ObjectStore store = stack.around(server.open(location, stack.s3Options()));
                    ChangedBlockSource source = SourceUri.open("file:" + image)) {
                Repository.init(store, 4096);
                Replicator replicator = new Replicator(Repository.open(store), new ReplicateOptions(2, 4),
                        ProgressListener.NONE);
                Throwable failure = catchThrowable(() -> replicator.replicate("d1", source));
                long end = System.nanoTime();
                Duration toEnd = Duration.ofNanos(end - proxy.lostAt().orElseThrow());
                long after = stack.meter().snapshot().requests() - requestsAtLoss.get();
                System.out.printf("S3LostMidRunTest: under the store stack: %d ms from the loss to the failure,"
                        + " %d requests attempted after the loss (%s)%n", toEnd.toMillis(), after, stack.summary());
                assertThat(ExitCodes.of(failure)).as("%s", failure).isEqualTo(ExitCodes.STORE_UNREACHABLE);
                assertThat(toEnd).isLessThan(BOUND);
                // 0 is possible: the meter records a request when it ends, and the failure can reach this
                // thread (another upload refused by the fail-fast) before the PUT that met the loss is recorded.
                assertThat(after).as("requests after the loss: the uploads then running, not a retry schedule each")
                        .isBetween(0L, 8L);
            }
        }
    }

    private Path image() throws Exception {
        Path image = dir.resolve("disk.img");
        Random random = new Random(12);
        byte[] block = new byte[1 << 20];
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            for (int i = 0; i < 96; i++) {
                random.nextBytes(block);
                file.write(block);
            }
        }
        return image;
    }

    /** Waits for the proxy to lose the server (at most 60 s, while the command runs); returns when. */
    private static long awaitLoss(FaultProxy proxy, java.util.function.BooleanSupplier running) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (proxy.lostAt().isEmpty()) {
            assertThat(running.getAsBoolean()).as("the command still running before the loss").isTrue();
            assertThat(System.nanoTime()).as("a pack upload within 60 s").isLessThan(deadline);
            Thread.sleep(5);
        }
        return proxy.lostAt().getAsLong();
    }

    private static boolean packStored(Path buckets) throws Exception {
        Path data = buckets.resolve("lost").resolve("repo").resolve("data");
        if (!Files.isDirectory(data)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(data)) {
            return files.anyMatch(Files::isRegularFile);
        }
    }

    private static String[] concat(String[] first, String... rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
    }
}
