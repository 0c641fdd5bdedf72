package io.pilotlight.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.exec.ToolFailedException;
import io.pilotlight.exec.ToolMissingException;
import io.pilotlight.nbd.NbdClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qemu-img and qemu-nbd as a library, against the real tools. */
class QemuImgTest {
    @TempDir
    Path dir;

    @Test
    void createsAnImageAndManagesItsBitmaps() throws Exception {
        QemuImg image = new QemuImg(dir.resolve("disk.qcow2"));
        image.create("qcow2", 1 << 20);
        image.add("b1");
        image.add("b2");
        image.disable("b1");
        image.merge("b2", "b1");
        image.remove("b2");
        QemuImg.Info info = image.info();
        assertThat(info.format()).isEqualTo("qcow2");
        assertThat(info.virtualSize()).isEqualTo(1 << 20);
        assertThat(info.bitmaps()).singleElement().satisfies(bitmap -> {
            assertThat(bitmap.name()).isEqualTo("b1");
            assertThat(bitmap.enabled()).isFalse();
            assertThat(bitmap.inUse()).isFalse();
        });
    }

    @Test
    void aFailureNamesTheImageTheCommandAndQemuImgsReason() {
        Path missing = dir.resolve("missing.qcow2");
        assertThatThrownBy(() -> new QemuImg(missing).info())
                .isInstanceOf(ToolFailedException.class)
                .hasMessageStartingWith("image " + missing + ": 'qemu-img info --output=json " + missing
                        + "' failed with exit code 1: ")
                .hasMessageContaining("No such file");
    }

    @Test
    void aMissingQemuImgSaysHowToInstallIt() {
        assertThatThrownBy(() -> new QemuImg(dir.resolve("none/qemu-img").toString(), dir.resolve("x")).info())
                .isInstanceOf(ToolMissingException.class)
                .hasMessageContaining("cannot run " + dir.resolve("none/qemu-img"))
                .hasMessageContaining("apt-get install qemu-utils");
    }

    @Test
    void qemuNbdServesTheImageUntilClosed() throws Exception {
        Path image = dir.resolve("disk.qcow2");
        new QemuImg(image).create("qcow2", 1 << 20);
        Path serverDirectory = Files.createDirectory(dir.resolve("server"));
        AtomicLong started = new AtomicLong();
        try (QemuNbdServer server = QemuNbdServer.start(image, serverDirectory, Optional.empty(), started::set)) {
            assertThat(started.get()).isEqualTo(server.pid());
            assertThat(serverDirectory.resolve(QemuNbdServer.SOCKET)).exists();
            NbdClient client = connect(server);
            try (client) {
                assertThat(client.size()).isEqualTo(1 << 20);
            }
        }
        assertThat(ProcessHandle.of(started.get()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        try (var left = Files.list(serverDirectory)) {
            assertThat(left).isEmpty();
        }
    }

    /** The socket exists from bind(), before listen(): retry briefly. */
    private static NbdClient connect(QemuNbdServer server) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return NbdClient.connect(server.address(), List.of());
            } catch (java.io.IOException e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
