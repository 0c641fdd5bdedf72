package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.nbd.NbdClient;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Slow
class ServeCommandTest {
    @TempDir
    Path temp;

    @Test
    void servesTheLatestPointUntilInterrupted() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path image = temp.resolve("disk.img");
        byte[] content = new byte[3 << 20];
        new Random(2).nextBytes(content);
        Arrays.fill(content, 1 << 20, 2 << 20, (byte) 0);
        Files.write(image, content);
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        assertThat(CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + image).exitCode())
                .isZero();

        Path socket = temp.resolve("serve.sock");
        AtomicReference<CliRun> result = new AtomicReference<>();
        long started = System.nanoTime();
        Thread serving = new Thread(() -> result.set(CliRun.run("serve", "--repo", repo, "--disk", "vm-1",
                "--listen", "unix:" + socket)));
        serving.start();
        while (!Files.exists(socket) && serving.isAlive()) {
            Thread.sleep(5);
        }
        String uri = "nbd+unix:///vm-1?socket=" + socket;
        ByteBuffer first = ByteBuffer.allocate(4096);
        try (NbdClient client = connect(uri, serving)) {
            client.read(0, first);
        }
        System.out.printf("RTO: serve command start to first 4 KiB read over NBD: %.1f ms%n",
                (System.nanoTime() - started) / 1e6);
        assertThat(Arrays.equals(first.array(), Arrays.copyOf(content, 4096))).isTrue();

        Path copied = temp.resolve("copied.raw");
        Process copy = new ProcessBuilder("nbdcopy", uri, copied.toString()).redirectErrorStream(true).start();
        String output = new String(copy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(copy.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(copy.exitValue()).as(output).isZero();
        assertThat(Files.mismatch(copied, image)).isEqualTo(-1);

        serving.interrupt();
        serving.join(10_000);
        assertThat(serving.isAlive()).isFalse();
        assertThat(result.get().exitCode()).as(result.get().err()).isZero();
        assertThat(result.get().out().strip()).isEqualTo(uri);
        assertThat(socket).doesNotExist();
    }

    /**
     * Connects once the server listens: its socket file appears at bind(2), a moment before
     * listen(2), and a connect in between is refused.
     */
    private static NbdClient connect(String uri, Thread serving) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return NbdClient.connect(NbdAddress.parse(uri), List.of("base:allocation"));
            } catch (IOException e) {
                if (!(e.getCause() instanceof ConnectException) || !serving.isAlive() || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(5);
            }
        }
    }

    @Test
    void writableServeKeepsWritesAcrossRestartsAndRefusesAnotherPoint() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path image = temp.resolve("disk.img");
        Files.write(image, new byte[2 << 20]);
        CliRun.run("init", "--repo", repo);
        CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + image);
        Path socket = temp.resolve("rw.sock");
        String overlay = temp.resolve("vm-1.overlay").toString();
        String uri = "nbd+unix:///vm-1?socket=" + socket;
        for (String command : new String[] {"write -P 0x42 70000 9000", "read -P 0x42 70000 9000"}) {
            AtomicReference<CliRun> result = new AtomicReference<>();
            Thread serving = new Thread(() -> result.set(CliRun.run("serve", "--repo", repo, "--disk", "vm-1",
                    "--listen", "unix:" + socket, "--writable", overlay)));
            serving.start();
            while (!Files.exists(socket) && serving.isAlive()) {
                Thread.sleep(5);
            }
            Process io = new ProcessBuilder("qemu-io", "-f", "raw", "-c", command, uri).redirectErrorStream(true).start();
            String output = new String(io.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(io.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(io.exitValue()).as(output).isZero();
            assertThat(output).doesNotContain("Pattern verification failed");
            serving.interrupt();
            serving.join(10_000);
            assertThat(result.get().exitCode()).as(result.get().err()).isZero();
        }
        byte[] changed = new byte[2 << 20];
        changed[0] = 1;
        Files.write(image, changed);
        CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + image);
        CliRun refused = CliRun.run("serve", "--repo", repo, "--disk", "vm-1", "--listen", "unix:" + socket,
                "--writable", overlay);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.TARGET_REFUSED);
        assertThat(refused.err()).contains("was made for point").contains("name another overlay file");
    }

    @Test
    void aBadListenAddressNamesTheForms() {
        CliRun run = CliRun.run("serve", "--repo", temp.toString(), "--disk", "vm-1", "--listen", "tcp:nowhere");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("unix:PATH or tcp:HOST:PORT");
    }
}
