package io.pilotlight.source.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.QemuFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link QemuWriterProbe} against real qemu-nbd processes holding an image read-write and read-only.
 *
 * <p>qemu-nbd creates its socket before it opens the image, so the socket says nothing about the
 * lock; its pid file is written only once the image is open and exported. And qemu-nbd ignores a
 * SIGTERM that comes before it is running, so the server is ended with SIGKILL, which it cannot
 * miss and which releases its locks all the same. Both waits are bounded generously (a loaded
 * machine is slow to start a process, not wrong), and fail naming what did not happen.
 */
class QemuWriterProbeTest {
    private static final long READY_SECONDS = 60;
    private static final long EXIT_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void seesAWriterAndOnlyAWriter() throws Exception {
        Path image = dir.resolve("disk.qcow2");
        QemuFixture.run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "1M");
        assertThat(QemuWriterProbe.noWriter(image)).as("nobody has it open").isTrue();

        assertWhileServed(image, false, "a read-write qemu-nbd holds it");
        assertWhileServed(image, true, "a read-only qemu-nbd");
        assertThat(QemuWriterProbe.noWriter(image)).as("both gone").isTrue();
        QemuFixture.run("qemu-io", "-f", "qcow2", "-c", "write 0 4k", image.toString()); // the probe left no lock
    }

    private void assertWhileServed(Path image, boolean readOnly, String what) throws Exception {
        String name = readOnly ? "ro" : "rw";
        Path pidFile = dir.resolve(name + ".pid");
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of("qemu-nbd", "--persistent",
                "--socket=" + dir.resolve(name + ".sock"), "--pid-file=" + pidFile, "--format=qcow2"));
        if (readOnly) {
            command.add("--read-only");
        }
        command.add(image.toString());
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitReady(server, pidFile, log);
            assertThat(QemuWriterProbe.noWriter(image)).as(what).isEqualTo(readOnly);
        } finally {
            server.destroyForcibly();
            assertThat(server.waitFor(EXIT_SECONDS, TimeUnit.SECONDS))
                    .as("qemu-nbd (%s) gone %d s after SIGKILL", name, EXIT_SECONDS).isTrue();
        }
    }

    /** Until qemu-nbd has written its pid file, that is, has the image open; fails if it exits first. */
    private static void awaitReady(Process server, Path pidFile, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (!Files.exists(pidFile)) {
            if (!server.isAlive()) {
                throw new AssertionError("qemu-nbd exited " + server.exitValue() + " before writing "
                        + pidFile + ": " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("qemu-nbd wrote no pid file " + pidFile + " in " + READY_SECONDS
                        + " s: " + Files.readString(log));
            }
            Thread.sleep(10);
        }
    }
}
