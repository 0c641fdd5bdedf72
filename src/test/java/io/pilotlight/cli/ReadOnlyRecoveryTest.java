package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.nbd.NbdClient;
import io.pilotlight.testing.MotoS3;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The recovery commands with read-only credentials (issue 17, part 4): an S3 identity allowed only
 * s3:GetObject, s3:ListBucket and s3:GetObjectRetention (docs/s3.md's recovery policy), enforced by
 * moto's IAM ({@link MotoS3}). A writer identity makes a locked repository; the reader lists, verifies,
 * restores, exports, follows and serves it, and every command that would write is refused with exit
 * 13 (access denied) naming the IAM action. drill and failover are not run here (they boot QEMU VMs;
 * their repository reads are the restore and follow paths, and a drill that cannot store its evidence
 * warns and keeps its result, DrillCommandTest).
 */
@Slow
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReadOnlyRecoveryTest {
    private static final String REPO = "s3://recovery-locked/site-a";

    @RegisterExtension
    static final MotoS3 server = MotoS3.withBuckets("recovery-locked");

    @TempDir
    Path temp;

    @Test
    void everyRecoveryCommandWorksWithReadOnlyCredentialsAndWritesAreRefused() throws Exception {
        Path image = temp.resolve("disk.img");
        writeImage(image, 11);
        as(MotoS3.Identity.WRITER, () -> {
            ok(s3("init", "--lock-days", "1", "--lock-mode", "governance"));
            ok(s3("replicate", "--disk", "d1", "--source", "file:" + image));
            writeImage(image, 12);
            return ok(s3("replicate", "--disk", "d1", "--source", "file:" + image));
        });

        as(MotoS3.Identity.READER, () -> {
            assertThat(ok(s3("points")).out()).contains("d1");
            assertThat(ok(s3("verify", "--read-data")).out()).startsWith("no faults: 2 points");
            Path restored = temp.resolve("restored.img");
            ok(s3("restore", "--disk", "d1", "--to", restored.toString()));
            assertThat(Files.mismatch(restored, image)).isEqualTo(-1);
            Path exported = temp.resolve("exported.raw");
            ok(s3("export", "--disk", "d1", "--format", "raw", "--to", exported.toString()));
            assertThat(Files.mismatch(exported, image)).isEqualTo(-1);
            Path followed = temp.resolve("standby.img");
            ok(s3("follow", "--disk", "d1", "--to", followed.toString()));
            assertThat(Files.mismatch(followed, image)).isEqualTo(-1);
            serveAndCopy(image);

            CliRun replicate = s3("replicate", "--disk", "d1", "--source", "file:" + image);
            assertThat(replicate.exitCode()).as(replicate.err()).isEqualTo(ExitCodes.ACCESS_DENIED);
            assertThat(replicate.err()).contains("s3:PutObject");
            CliRun prune = s3("prune");
            assertThat(prune.exitCode()).as(prune.err()).isEqualTo(ExitCodes.ACCESS_DENIED);
            // Nothing for forget to delete: the older point is locked, and it says until when.
            CliRun forget = ok(s3("forget", "--disk", "d1", "--keep-last", "1"));
            assertThat(forget.out()).contains("keep    locked until ");
            assertThat(forget.err()).contains("removed 0 of 2 points of disk d1; 1 kept under Object Lock, the first unlocking");
            return null;
        });
    }

    private void serveAndCopy(Path image) throws Exception {
        Path socket = temp.resolve("serve.sock");
        AtomicReference<CliRun> result = new AtomicReference<>();
        Thread serving = new Thread(() -> result.set(s3("serve", "--disk", "d1", "--listen", "unix:" + socket)));
        serving.start();
        String uri = "nbd+unix:///d1?socket=" + socket;
        try {
            awaitServing(uri, socket, serving);
            Path copied = temp.resolve("served.raw");
            Process copy = new ProcessBuilder("nbdcopy", uri, copied.toString()).redirectErrorStream(true).start();
            String output = new String(copy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(copy.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(copy.exitValue()).as(output).isZero();
            assertThat(Files.mismatch(copied, image)).isEqualTo(-1);
        } finally {
            serving.interrupt();
            serving.join(10_000);
        }
        assertThat(result.get().exitCode()).as(result.get().err()).isZero();
    }

    private static void awaitServing(String uri, Path socket, Thread serving) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (NbdClient client = NbdClient.connect(NbdAddress.parse(uri), List.of("base:allocation"))) {
                return;
            } catch (IOException e) {
                boolean notYet = e.getCause() instanceof ConnectException || !Files.exists(socket);
                if (!notYet || !serving.isAlive() || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private static CliRun s3(String... command) {
        List<String> args = new ArrayList<>(List.of("--repo", REPO, "--s3-endpoint", server.endpoint().toString()));
        args.addAll(List.of(command));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static CliRun ok(CliRun run) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        return run;
    }

    /** Runs {@code call} with {@code identity}'s keys as the SDK's system properties. */
    private static <T> T as(MotoS3.Identity identity, Callable<T> call) throws Exception {
        AwsCredentials credentials = server.credentials(identity).resolveCredentials();
        try (SdkKeys keys = SdkKeys.set(credentials.accessKeyId(), credentials.secretAccessKey())) {
            return call.call();
        }
    }

    /** 8 MiB, sparse, with a few seeded extents. */
    private static void writeImage(Path image, int seed) throws IOException {
        Random random = new Random(seed);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(8 << 20);
            for (int i = 0; i < 3; i++) {
                byte[] data = new byte[256 << 10];
                random.nextBytes(data);
                file.seek((long) random.nextInt(30) * (256 << 10));
                file.write(data);
            }
        }
    }
}
