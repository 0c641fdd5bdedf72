package io.pilotlight.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against small real programs: sh, sleep, false. */
class ProcessRunnerTest {
    @TempDir
    Path dir;

    @Test
    void aSuccessfulRunReturnsItsStdout() throws Exception {
        assertThat(ProcessRunner.run(Command.of("sh", "-c", "echo hello; echo world; echo noise >&2")))
                .isEqualTo("hello\nworld\n");
    }

    @Test
    void stdinStdoutAndEnvironmentAreRedirectedAsAsked() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "from a file\n");
        Path output = dir.resolve("out.txt");
        String returned = ProcessRunner.run(Command.of("sh", "-c", "cat; echo \"$GREETING\"").withStdin(input)
                .withStdout(output).withEnvironment(Map.of("GREETING", "hi")));
        assertThat(returned).isEmpty();
        assertThat(Files.readString(output)).isEqualTo("from a file\nhi\n");
    }

    @Test
    void aNonZeroExitNamesTheProgramItsStatusAndTheLastLineOfStderr() {
        assertThatThrownBy(() -> ProcessRunner.run(Command.of("sh", "-c", "echo first >&2; echo 'the last word' >&2;"
                + " exit 3")))
                .isInstanceOfSatisfying(ToolFailedException.class, e -> {
                    assertThat(e.program()).isEqualTo("sh");
                    assertThat(e.exitStatus()).isEqualTo(OptionalInt.of(3));
                    assertThat(e.stderrTail()).containsExactly("the last word");
                })
                .hasMessage("'sh -c echo first >&2; echo 'the last word' >&2; exit 3' failed with exit code 3: the last"
                        + " word");
    }

    @Test
    void moreStderrLinesAreQuotedWhenAsked() {
        assertThatThrownBy(() -> ProcessRunner.run(Command.of("sh", "-c", "echo one >&2; echo two >&2; echo three >&2;"
                + " exit 1").withTailLines(2).withLabel("the tool")))
                .isInstanceOf(ToolFailedException.class)
                .hasMessage("the tool failed with exit code 1: two / three");
        assertThatThrownBy(() -> ProcessRunner.run(Command.of("false")))
                .isInstanceOf(ToolFailedException.class)
                .hasMessage("'false' failed with exit code 1: (no message on stderr)");
    }

    @Test
    void aMissingProgramIsNamedWithHowToInstallIt() {
        assertThatThrownBy(() -> ProcessRunner.run(Command.of("no-such-program-here", "x")
                .withInstall("install the no-such package")))
                .isInstanceOfSatisfying(ToolMissingException.class,
                        e -> assertThat(e.program()).isEqualTo("no-such-program-here"))
                .hasMessageStartingWith("cannot run no-such-program-here (")
                .hasMessageEndingWith("); install the no-such package");
    }

    @Test
    void aProgramThatIsNotExecutableIsMissing() throws Exception {
        Path script = Files.writeString(dir.resolve("script"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> ProcessRunner.run(Command.of(script.toString())))
                .isInstanceOf(ToolMissingException.class).hasMessageContaining(script.toString());
    }

    @Test
    void aTimeoutKillsTheChild() throws Exception {
        Path pidFile = dir.resolve("pid");
        long started = System.nanoTime();
        assertThatThrownBy(() -> ProcessRunner.run(Command.of("sh", "-c", "echo $$ > " + pidFile
                + "; echo slow >&2; exec sleep 30").withTimeout(Duration.ofMillis(500))))
                .isInstanceOfSatisfying(ToolFailedException.class,
                        e -> assertThat(e.exitStatus()).isEmpty())
                .hasMessageContaining("took longer than 500 ms; stopped: slow");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertGone(pidFile);
    }

    @Test
    void anInterruptKillsTheChild() throws Exception {
        Path pidFile = dir.resolve("pid");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                ProcessRunner.run(Command.of("sh", "-c", "echo $$ > " + pidFile + "; exec sleep 30"));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        runner.start();
        awaitFile(pidFile);
        runner.interrupt();
        runner.join(10_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(InterruptedIOException.class).hasMessageContaining("interrupted");
        assertGone(pidFile);
    }

    @Test
    void aLongLivedChildIsWaitedOnAndStoppedOnClose() throws Exception {
        Path ready = dir.resolve("ready");
        ChildProcess child = ProcessRunner.start(Command.of("sh", "-c", "sleep 0.2; touch " + ready
                + "; exec sleep 60"));
        try (child) {
            child.awaitPath(ready, "its ready file", Duration.ofSeconds(10));
            assertThat(child.isAlive()).isTrue();
        }
        assertThat(child.isAlive()).isFalse();
        assertThat(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aChildThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        Path ready = dir.resolve("ready");
        ChildProcess child = ProcessRunner.start(Command.of("sh", "-c", "trap '' TERM; touch " + ready
                + "; while true; do sleep 0.1; done"), Duration.ofMillis(300));
        child.awaitPath(ready, "its ready file", Duration.ofSeconds(10));
        long started = System.nanoTime();
        child.close();
        assertThat(child.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250),
                Duration.ofSeconds(5));
    }

    @Test
    void aChildThatExitsBeforeItIsReadyFailsWithItsStderr() throws Exception {
        Path log = dir.resolve("log");
        try (ChildProcess child = ProcessRunner.start(Command.of("sh", "-c", "echo no licence >&2; exit 3")
                .withStdout(log).withStderr(log).withLabel("the server"))) {
            assertThatThrownBy(() -> child.awaitPath(dir.resolve("never"), "its socket", Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(ToolFailedException.class,
                            e -> assertThat(e.exitStatus()).isEqualTo(OptionalInt.of(3)))
                    .hasMessage("the server exited (status 3) without creating its socket: no licence");
        }
    }

    @Test
    void aChildThatIsNeverReadyFailsAfterTheLimit() throws Exception {
        try (ChildProcess child = ProcessRunner.start(Command.of("sh", "-c", "echo starting >&2; exec sleep 30"))) {
            assertThatThrownBy(() -> child.awaitPath(dir.resolve("never"), "its socket", Duration.ofMillis(300)))
                    .isInstanceOf(ToolFailedException.class)
                    .hasMessageEndingWith("did not create its socket within 300 ms: starting");
        }
    }

    @Test
    void aCommandIsValidated() {
        assertThatThrownBy(() -> Command.of(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("program is blank");
        assertThatThrownBy(() -> Command.of("sleep").withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout PT0S of sleep: must be positive");
        assertThat(Command.of("qemu-img", List.of("info", "x")).label()).isEqualTo("'qemu-img info x'");
    }

    private static void awaitFile(Path file) throws InterruptedException {
        for (int i = 0; i < 500 && !Files.exists(file); i++) {
            Thread.sleep(10);
        }
        assertThat(file).exists();
    }

    /** The process whose pid the file holds is gone (it was killed, not left running). */
    private static void assertGone(Path pidFile) throws Exception {
        long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
        for (int i = 0; i < 500 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(10);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid + " alive").isFalse();
    }
}
