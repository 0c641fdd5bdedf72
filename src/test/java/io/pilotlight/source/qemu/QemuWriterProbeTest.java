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

/** {@link QemuWriterProbe} against real qemu-nbd processes holding an image read-write and read-only. */
class QemuWriterProbeTest {
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
        Path socket = dir.resolve(readOnly ? "ro.sock" : "rw.sock");
        List<String> command = new ArrayList<>(List.of("qemu-nbd", "--persistent", "--socket=" + socket,
                "--format=qcow2"));
        if (readOnly) {
            command.add("--read-only");
        }
        command.add(image.toString());
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 1000 && !Files.exists(socket); i++) {
                Thread.sleep(10);
            }
            assertThat(socket).exists();
            assertThat(QemuWriterProbe.noWriter(image)).as(what).isEqualTo(readOnly);
        } finally {
            server.destroy();
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
