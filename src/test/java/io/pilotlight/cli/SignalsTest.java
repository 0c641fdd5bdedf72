package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM of {@code replicate}, {@code restore}, {@code follow} and {@code export} in a
 * child JVM, sent mid-run: each releases its lease or lock, removes its temp file and exits 130
 * within the grace time; a temp file a SIGKILL left is removed by the next restore (issue 19,
 * defect 6).
 */
@Slow
@Timeout(300)
class SignalsTest {
    private static final long DISK = 160L << 20;
    /** MiB/s: the 160 MiB point takes 4 s to read, so a signal sent once the temp file exists finds the run going. */
    private static final String SLOW_READS = "40";

    @TempDir
    Path dir;

    private String repo;
    private Path source;

    @BeforeEach
    void repositoryWithALargePoint() throws IOException {
        repo = dir.resolve("repo").toString();
        source = dir.resolve("disk.img");
        Random random = new Random(6);
        byte[] block = new byte[1 << 20];
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            for (long offset = 0; offset < DISK; offset += block.length) {
                random.nextBytes(block);
                file.write(block);
            }
        }
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        CliRun first = CliRun.run("replicate", "--repo", repo, "--disk", "d1", "--source", "file:" + source);
        assertThat(first.exitCode()).as(first.err()).isZero();
    }

    @Test
    void sigtermOfReplicateReleasesItsLease() throws Exception {
        Path log = dir.resolve("replicate.log");
        Process child = ChildJvm.start("256m", Main.class, log, "replicate", "--repo", repo, "--disk", "d2",
                "--source", "file:" + source);
        awaitOrFail(child, log, () -> Files.exists(Path.of(repo, "locks", "d2")));
        stopped(child, log, "TERM");
        assertThat(entries(Path.of(repo, "locks"))).as("leases left").isEmpty();
    }

    @Test
    void sigintOfReplicateReleasesItsLease() throws Exception {
        Path log = dir.resolve("replicate.log");
        Process child = ChildJvm.start("256m", Main.class, log, "replicate", "--repo", repo, "--disk", "d2",
                "--source", "file:" + source);
        awaitOrFail(child, log, () -> Files.exists(Path.of(repo, "locks", "d2")));
        stopped(child, log, "INT");
        assertThat(entries(Path.of(repo, "locks"))).as("leases left").isEmpty();
    }

    @Test
    void sigtermAndSigintOfRestoreRemoveItsTempFile() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            Path log = dir.resolve("restore-" + signal + ".log");
            Path target = dir.resolve("restored-" + signal + ".img");
            Process child = ChildJvm.start("256m", Main.class, log, "restore", "--limit-download", SLOW_READS,
                "--repo", repo, "--disk", "d1", "--to", target.toString());
            awaitOrFail(child, log, () -> !temps(target).isEmpty());
            stopped(child, log, signal);
            assertThat(temps(target)).as("temp files after SIG%s", signal).isEmpty();
            assertThat(target).doesNotExist();
        }
    }

    @Test
    void sigtermOfFollowAndSigintOfExportLeaveNothingBehind() throws Exception {
        Path image = dir.resolve("pilot.img");
        Path log = dir.resolve("follow.log");
        Process follow = ChildJvm.start("256m", Main.class, log, "follow", "--limit-download", SLOW_READS,
                "--repo", repo, "--disk", "d1", "--to", image.toString(), "--watch");
        awaitOrFail(follow, log, () -> !temps(image).isEmpty());
        stopped(follow, log, "TERM");
        assertThat(temps(image)).isEmpty();
        CliRun next = CliRun.run("follow", "--repo", repo, "--disk", "d1", "--to", image.toString());
        assertThat(next.exitCode()).as("the next follow needs no --force: %s", next.err()).isZero();

        Path exported = dir.resolve("export.qcow2");
        Path exportLog = dir.resolve("export.log");
        Process export = ChildJvm.start("256m", Main.class, exportLog, "export", "--limit-download", SLOW_READS,
                "--repo", repo, "--disk", "d1", "--to", exported.toString(), "--format", "qcow2");
        awaitOrFail(export, exportLog, () -> !temps(exported).isEmpty());
        stopped(export, exportLog, "INT");
        assertThat(temps(exported)).isEmpty();
        assertThat(exported).doesNotExist();
    }

    @Test
    void theNextRestoreRemovesATempFileASigkillLeft() throws Exception {
        Path target = dir.resolve("restored.img");
        Path log = dir.resolve("killed.log");
        Process child = ChildJvm.start("256m", Main.class, log, "restore", "--limit-download", SLOW_READS,
                "--repo", repo, "--disk", "d1", "--to", target.toString());
        awaitOrFail(child, log, () -> !temps(target).isEmpty());
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<Path> left = temps(target);
        assertThat(left).as("SIGKILL runs no cleanup").hasSize(1);

        CliRun again = CliRun.run("restore", "--repo", repo, "--disk", "d1", "--to", target.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains("removed " + left.get(0) + ", the temp file of a restore or export of "
                + target + " that was killed");
        assertThat(temps(target)).isEmpty();
        assertThat(Files.mismatch(source, target)).isEqualTo(-1);
    }

    /** Sends SIG{@code signal}; the child must exit 130 within the grace time and say why. */
    private static void stopped(Process child, Path log, String signal) throws Exception {
        long sent = System.nanoTime();
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        boolean ended = child.waitFor(CommandSignals.GRACE.toSeconds() + 10, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly().waitFor();
        }
        String err = Files.readString(log);
        assertThat(ended).as("ended after SIG%s; stderr:%n%s", signal, err).isTrue();
        assertThat(child.exitValue()).as("exit code after SIG%s; stderr:%n%s", signal, err)
                .isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(err).contains("pilotlight: SIG" + signal + ": stopping").contains("stopped by SIG" + signal);
        System.out.printf("SignalsTest: stopped by SIG%s in %d ms%n", signal,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
    }

    private static void awaitOrFail(Process child, Path log, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly().waitFor();
                throw new AssertionError("the child " + (child.isAlive() ? "never got there" : "ended first, exit "
                        + child.exitValue()) + "; stderr:\n" + Files.readString(log));
            }
            Thread.sleep(5);
        }
    }

    private static List<Path> temps(Path target) {
        try (Stream<Path> files = Files.list(target.getParent())) {
            return files.filter(file -> file.getFileName().toString().startsWith("." + target.getFileName()
                    + ".pilotlight-") && file.getFileName().toString().endsWith(".tmp")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> entries(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
