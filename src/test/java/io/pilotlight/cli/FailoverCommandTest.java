package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.recovery.drill.PortProbe;
import io.pilotlight.testing.DrillDisk;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code failover} and {@code failback} end to end on the drill test disk under TCG: the VM runs detached
 * after the command returned, writes 8 MiB when asked (guest port 7778), and its writes come home.
 */
@Slow
class FailoverCommandTest {
    private static final long WRITTEN = 8L << 20; // what the guest writes on a connection to port 7778

    @TempDir
    Path dir;

    DrillDisk disk;
    String repo;
    Path state;
    int markerPort;
    int writePort;

    @BeforeEach
    void replicate() throws Exception {
        disk = DrillDisk.get();
        repo = dir.resolve("repo").toString();
        state = dir.resolve("state");
        assertThat(CliRun.run("--repo", repo, "init").exitCode()).isZero();
        Path original = dir.resolve("original.img");
        Files.copy(disk.image, original);
        assertThat(CliRun.run("--repo", repo, "replicate", "--disk", "web1", "--source", original.toString())
                .exitCode()).isZero();
        markerPort = PortProbe.freePort();
        writePort = PortProbe.freePort();
    }

    @AfterEach
    void stop() {
        if (Files.exists(state.resolve("failover.json"))) {
            CliRun.run("failover", "--stop", "--state-dir", state.toString(), "--grace", "5s");
        }
    }

    private CliRun failover(String... source) {
        List<String> args = new java.util.ArrayList<>(List.of("--repo", repo, "failover", "--disk", "web1",
                "--state-dir", state.toString(), "--accel", "tcg", "--timeout", "120s",
                "--forward", "127.0.0.1:" + markerPort + ":" + DrillDisk.PORT,
                "--forward", "127.0.0.1:" + writePort + ":7778", "--port", Integer.toString(DrillDisk.PORT)));
        args.addAll(List.of(source));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void aStandbyFailoverRunsDetachedAndItsFailbackSendsOnlyWhatTheVmWrote() throws Exception {
        Path standby = dir.resolve("standby.img");
        assertThat(CliRun.run("--repo", repo, "follow", "--disk", "web1", "--to", standby.toString()).exitCode())
                .isZero();
        String standbyHash = sha256(standby);

        CliRun started = failover("--standby", standby.toString());

        assertThat(started.exitCode()).as(started.err()).isZero();
        assertThat(started.out()).contains("failover web1: running (standby, tcg: asked for)", "where: QEMU pid ",
                "(overlay on " + standby + ")", "stop:  pilotlight failover --stop --state-dir " + state)
                .containsPattern("RTO: start \\d+\\.\\d s, heartbeat \\d+\\.\\d s, port 7777 \\d+\\.\\d s");
        assertThat(started.err()).contains("heartbeat at", "PILOTLIGHT-HEARTBEAT " + disk.marker);
        assertThat(failover("--standby", standby.toString()).exitCode()).isEqualTo(ExitCodes.LOCKED);
        guestWrites();
        CliRun early = CliRun.run("--repo", repo, "failback", "--from", state.toString());
        assertThat(early.exitCode()).as(early.err()).isEqualTo(ExitCodes.LOCKED);
        assertThat(early.err()).contains("still runs: stop it first");

        CliRun stopped = CliRun.run("failover", "--stop", "--state-dir", state.toString());
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        assertThat(stopped.out()).contains("failover web1: powered off; overlays kept in " + state);
        assertThat(sha256(standby)).as("the standby stays a clean copy of its point").isEqualTo(standbyHash);

        long before = treeBytes(Path.of(repo));
        CliRun back = CliRun.run("--repo", repo, "failback", "--from", state.toString());
        long sent = treeBytes(Path.of(repo)) - before;

        assertThat(back.exitCode()).as(back.err()).isZero();
        String point = back.out().strip();
        assertThat(back.err()).contains("the VM wrote 8.0 MiB", "--point " + point + " --force");
        assertThat(sent).as("bytes stored by the failback").isBetween(WRITTEN, WRITTEN * 105 / 100);

        Path original = dir.resolve("original.img");
        CliRun home = CliRun.run("--repo", repo, "follow", "--disk", "web1", "--to", original.toString(), "--point",
                point, "--force");
        assertThat(home.exitCode()).as(home.err()).isZero();
        assertThat(home.err()).contains("128 grains written (8.0 MiB of data");
        assertThat(identical(original, "raw", state.resolve("disk-0.qcow2"), "qcow2")).isTrue();
    }

    @Test
    void anInstantFailoverServesThePointDetachedAndLeavesTheRepositoryByteIdentical() throws Exception {
        String before = hashTree(Path.of(repo));

        CliRun started = failover("--instant");

        assertThat(started.exitCode()).as(started.err()).isZero();
        assertThat(started.out()).contains("failover web1: running (instant, tcg: asked for)", "(from the repository)")
                .containsPattern("RTO: start \\d+\\.\\d s, heartbeat \\d+\\.\\d s, port 7777 \\d+\\.\\d s");
        String json = Files.readString(state.resolve("failover.json"));
        long server = Long.parseLong(json.replaceAll("(?s).*\"serverPid\" : (\\d+).*", "$1"));
        assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive)).contains(true);
        guestWrites();

        CliRun stopped = CliRun.run("failover", "--stop", "--state-dir", state.toString());

        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(hashTree(Path.of(repo))).isEqualTo(before);
        CliRun back = CliRun.run("--repo", repo, "failback", "--from", state.toString());
        assertThat(back.exitCode()).as(back.err()).isZero();
        assertThat(back.err()).contains("the VM wrote 8.0 MiB");
    }

    /** Asks the guest to write 8 MiB (port 7778), retrying while slirp accepts before the guest listens. */
    private void guestWrites() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Optional<String> answer = PortProbe.attempt(writePort, Optional.of(java.util.regex.Pattern.compile(
                    "PILOTLIGHT-WROTE")), Duration.ofSeconds(60));
            if (answer.isPresent() && answer.get().contains("PILOTLIGHT-WROTE")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the guest did not answer on port 7778 within 90 s");
    }

    private static boolean identical(Path a, String formatA, Path b, String formatB) throws Exception {
        Process process = new ProcessBuilder("qemu-img", "compare", "-q", "-f", formatA, "-F", formatB, a.toString(),
                b.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("qemu-img compare: %s", output).isIn(0, 1);
        return process.exitValue() == 0;
    }

    private static long treeBytes(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            long total = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String hashTree(Path root) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                all.append(root.relativize(file)).append(' ').append(sha256(file)).append('\n');
            }
        }
        return all.toString();
    }
}
