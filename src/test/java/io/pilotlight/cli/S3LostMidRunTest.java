package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An S3 server lost in the middle of a replicate: exit 12, as the README says (issue 19, defect 9). */
@Slow
class S3LostMidRunTest {
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
            CliRun lost = replicate.awaitEnd(120);
            assertThat(lost.exitCode()).as(lost.err()).isEqualTo(ExitCodes.STORE_UNREACHABLE);
            assertThat(lost.err()).contains(endpoint);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            server.close();
        }
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
