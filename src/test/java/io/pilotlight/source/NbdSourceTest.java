package io.pilotlight.source;

import static io.pilotlight.testing.QemuFixture.GRAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.repo.PointInfo;
import io.pilotlight.testing.QemuFixture;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nbd+unix:} and {@code nbd:} sources against a real {@code qemu-nbd}, with a dirty bitmap the
 * test manages itself (as libvirt would): full pass first, then only the dirty extents.
 */
@Slow
class NbdSourceTest {
    @TempDir
    Path dir;

    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (Process server : servers) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBitmapGivesIncrementalPointsThatRestoreExactly() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, 16L << 20);
        fixture.write("write -P 1 0 1M", "write -P 2 8M 128k");
        QemuFixture.run("qemu-img", "bitmap", "--add", "--enable", fixture.image.toString(), "b0");
        Path socket = dir.resolve("nbd.sock");
        String uri = "nbd+unix:///?socket=" + socket + "&bitmap=b0";

        PointInfo first = replicateServed(fixture, uri, List.of("--bitmap", "b0", "--socket=" + socket),
                () -> accepts(socket));
        assertThat(first.fullPass()).isTrue();
        assertThat(first.warnings()).isEmpty();
        assertThat(first.readBytes()).as("zero extents are not read").isEqualTo((1L << 20) + 2 * GRAIN);
        assertThat(fixture.latestToken()).isEqualTo("nbd-bitmap:b0");

        QemuFixture.run("qemu-img", "bitmap", "--clear", fixture.image.toString(), "b0"); // the checkpoint is ours
        fixture.write("write -P 3 64k 64k", "write -P 4 12M 192k");
        PointInfo second = replicateServed(fixture, uri, List.of("--bitmap", "b0", "--socket=" + socket),
                () -> accepts(socket));
        assertThat(second.fullPass()).isFalse();
        assertThat(second.readBytes()).isEqualTo(4L * GRAIN);
        fixture.assertRestoresExactly();
    }

    @Test
    void aBitmapTheServerDoesNotOfferGivesAFullPassWithAWarning() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, 4L << 20);
        fixture.write("write -P 1 0 64k");
        Path socket = dir.resolve("nbd.sock");
        String uri = "nbd+unix:///?bitmap=nope&socket=" + socket;
        PointInfo point = replicateServed(fixture, uri, List.of("--socket=" + socket), () -> accepts(socket));
        assertThat(point.fullPass()).isTrue();
        assertThat(point.warnings()).singleElement().asString().contains(uri)
                .contains("does not offer dirty bitmap 'nope'");
        fixture.assertRestoresExactly();
    }

    @Test
    void readsOverTcp() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, 4L << 20);
        fixture.write("write -P 5 1M 300k");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        int listening = port;
        PointInfo point = replicateServed(fixture, "nbd://127.0.0.1:" + port + "/disk",
                List.of("--bind=127.0.0.1", "--port=" + port, "--export-name=disk"), () -> {
                    try (Socket probe = new Socket("127.0.0.1", listening)) {
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
        assertThat(point.fullPass()).isTrue();
        fixture.assertRestoresExactly();
    }

    /** Whether a server accepts connections on the unix socket (it exists from bind, before listen). */
    private static boolean accepts(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Serves the image with qemu-nbd (read-only), replicates from {@code uri}, stops the server. */
    private PointInfo replicateServed(QemuFixture fixture, String uri, List<String> options, BooleanSupplier ready)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("qemu-nbd", "--read-only", "--persistent", "--format=qcow2"));
        command.addAll(options);
        command.add(fixture.image.toString());
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu-nbd.log").toFile()).start();
        servers.add(server);
        for (int i = 0; i < 1000 && !ready.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(ready.getAsBoolean()).as("qemu-nbd is listening").isTrue();
        PointInfo point;
        try (ChangedBlockSource source = SourceUri.open(uri)) {
            assertThat(source).isInstanceOf(NbdSource.class);
            point = fixture.replicator.replicate(QemuFixture.DISK, source);
        }
        server.destroy();
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        fixture.keepReference(point.id());
        return point;
    }
}
