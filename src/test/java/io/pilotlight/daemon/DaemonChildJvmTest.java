package io.pilotlight.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.cli.Main;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.qemu.QemuImageSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.QemuFixture;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.StorageDaemon;
import io.pilotlight.testing.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon in a child JVM ({@code Main daemon --config ...}) on an {@code every 2s} schedule:
 * points appear; SIGHUP with a new disk in the file adds its job (and its series on {@code /metrics});
 * SIGHUP with an invalid file is refused and the old jobs go on; SIGTERM exits 0 and leaves no lease
 * in {@code locks/}. And SIGTERM
 * while a job replicates a live QEMU disk ({@code qmp:} source of a qemu-storage-daemon): exit 0, no
 * lease, no fleecing overlay left in QEMU, and no bitmap but the checkpoint of a committed point.
 */
@Slow
class DaemonChildJvmTest {
    @TempDir
    Path dir;

    @Test
    void reloadsOnHupAndStopsCleanlyOnTerm() throws Exception {
        Path repo = dir.resolve("repo");
        Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);
        TestImages.create(dir.resolve("a.img"), 2 * TestImages.MIB, 4, 2, new Random(1));
        TestImages.create(dir.resolve("b.img"), 2 * TestImages.MIB, 4, 2, new Random(2));
        int port = freePort();
        Path config = dir.resolve("pilotlight.yaml");
        Files.writeString(config, config(repo, port, "a"));
        Path log = dir.resolve("daemon.log");
        Process daemon = ChildJvm.start("256m", Main.class, log, "daemon", "--config", config.toString(),
                "--state-dir", dir.resolve("state").toString());
        try {
            await("the API answers", () -> status(port) == 200, log);
            await("a point of a", () -> points(repo, "a") > 0, log);

            Files.writeString(config, config(repo, port, "a", "b"));
            signal(daemon, "HUP");
            await("a point of b after SIGHUP", () -> points(repo, "b") > 0, log);
            await("b's freshness on /metrics",
                    () -> get(port, "/metrics").contains("pilotlight_disk_rpo_seconds{disk=\"b\"}"), log);
            assertThat(get(port, "/metrics"))
                    .contains("pilotlight_job_info{job_name=\"b\",kind=\"replicate\",schedule=\"every 2s\"} 1")
                    .containsPattern("pilotlight_store_requests_total\\{repository=\"all\"\\} [1-9]");

            Files.writeString(config, "disks: [\n");
            signal(daemon, "HUP");
            await("the reload refused", () -> read(log).contains("reload refused"), log);
            int before = points(repo, "a");
            await("a new point of a after the refused reload", () -> points(repo, "a") > before, log);

            signal(daemon, "TERM");
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM; log:\n" + read(log)).isTrue();
            assertThat(daemon.exitValue()).as("exit code; log:\n" + read(log)).isZero();
            try (Stream<Path> locks = Files.walk(repo.resolve("locks"))) {
                assertThat(locks.filter(Files::isRegularFile)).isEmpty();
            }
        } finally {
            daemon.destroyForcibly();
        }
    }

    @Test
    void termDuringALiveQemuReplicateLeavesNoLeaseSnapshotOrTemporaryBitmap() throws Exception {
        Path repo = dir.resolve("repo");
        Repository.init(new DirectoryObjectStore(repo), Repository.DEFAULT_GRAIN_SIZE);
        Path raw = dir.resolve("disk.raw");
        TestImages.create(raw, 256 * TestImages.MIB, 4, 4, new Random(3));
        Path image = dir.resolve("disk.qcow2");
        QemuFixture.run("qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw.toString(), image.toString());
        Files.delete(raw);
        Path qsd = Files.createDirectories(dir.resolve("qsd"));
        try (StorageDaemon storage = new StorageDaemon(qsd, image)) {
            int port = freePort();
            Path config = dir.resolve("pilotlight.yaml");
            Files.writeString(config, "repositories:\n  main:\n    location: " + repo + "\ndisks:\n  vm:\n    source: "
                    + storage.uri() + "\n    schedule: every 1h\nlistener:\n  address: 127.0.0.1:" + port + "\n");
            Path log = dir.resolve("daemon.log");
            Path tmp = Files.createDirectories(dir.resolve("child-tmp"));
            Process daemon = ChildJvm.start(List.of("-Djava.io.tmpdir=" + tmp), "256m", Main.class, log, "daemon",
                    "--config", config.toString(), "--state-dir", dir.resolve("state").toString());
            try {
                // The fleecing overlay exists from the frozen view until the reads end; QEMU's monitor serves
                // one client (the run holds it), so the overlay's directory is what shows the run is reading.
                awaitQuickly("the run's fleecing overlay", () -> fleeceDirectoryIn(tmp), log);
                assertThat(read(log)).as("the run is still going").doesNotContain("vm: succeeded");
                signal(daemon, "TERM");
                assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM; log:\n" + read(log)).isTrue();
                assertThat(daemon.exitValue()).as("exit code; log:\n" + read(log)).isZero();
            } finally {
                daemon.destroyForcibly();
            }
            try (Stream<Path> locks = Files.walk(repo.resolve("locks"))) {
                assertThat(locks.filter(Files::isRegularFile)).isEmpty();
            }
            assertThat(storage.fleeceOverlays()).as("fleecing views left in QEMU").isEmpty();
            assertThat(fleeceDirectoryIn(tmp)).as("fleecing overlay files left behind").isFalse();
            List<String> checkpoints = Repository.open(new DirectoryObjectStore(repo)).latest("vm")
                    .map(Manifest::token).stream().map(token -> token.substring(QemuImageSource.TOKEN_PREFIX.length()))
                    .toList();
            assertThat(storage.bitmaps().keySet()).as("bitmaps: only the checkpoint of a committed point (log:\n%s)",
                    read(log)).containsExactlyInAnyOrderElementsOf(checkpoints);
        }
    }

    private static String config(Path repo, int port, String... disks) {
        StringBuilder text = new StringBuilder("repositories:\n  main:\n    location: " + repo + "\ndisks:\n");
        for (String disk : disks) {
            text.append("  ").append(disk).append(":\n    source: file:").append(repo.getParent().resolve(disk + ".img"))
                    .append("\n    schedule: every 2s\n");
        }
        return text.append("listener:\n  address: 127.0.0.1:").append(port).append("\n").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String get(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    private static int status(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/status")).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static int points(Path repo, String disk) {
        try {
            return Repository.open(new DirectoryObjectStore(repo)).points(Optional.of(disk)).size();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void signal(Process process, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor()).isZero();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(String what, BooleanSupplier condition, Path log) throws InterruptedException {
        await(what, condition, log, 100);
    }

    private static void awaitQuickly(String what, BooleanSupplier condition, Path log) throws InterruptedException {
        await(what, condition, log, 10);
    }

    private static void await(String what, BooleanSupplier condition, Path log, long pollMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 60 s for " + what + "; daemon log:\n" + read(log));
            }
            Thread.sleep(pollMillis);
        }
    }

    private static boolean fleeceDirectoryIn(Path tmp) {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.anyMatch(entry -> entry.getFileName().toString().startsWith("pilotlight-fleece")
                    && Files.exists(entry.resolve("fleece.qcow2")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
