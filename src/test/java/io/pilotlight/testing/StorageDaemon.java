package io.pilotlight.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pilotlight.qemu.QmpClient;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real qemu-storage-daemon serving a qcow2 image as node {@code disk0}, with a QMP socket and an NBD
 * server on which {@code disk0} is exported writable: the test's "guest" writes through it with qemu-io,
 * so the daemon's dirty bitmaps see every write.
 */
public final class StorageDaemon implements Closeable {
    static final String NODE = "disk0";

    private final Path image;
    public final Path qmpSocket;
    final Path nbdSocket;
    private Process process;

    public StorageDaemon(Path dir, Path image) throws Exception {
        this.image = image;
        this.qmpSocket = dir.resolve("qmp.sock");
        this.nbdSocket = dir.resolve("nbd.sock");
        start();
    }

    public void start() throws Exception {
        Files.deleteIfExists(qmpSocket);
        Files.deleteIfExists(nbdSocket);
        process = new ProcessBuilder("qemu-storage-daemon",
                "--blockdev", "driver=file,filename=" + image + ",node-name=file0",
                "--blockdev", "driver=qcow2,file=file0,node-name=" + NODE,
                "--chardev", "socket,path=" + qmpSocket + ",server=on,wait=off,id=qmp0",
                "--monitor", "chardev=qmp0").redirectErrorStream(true).redirectOutput(
                        image.resolveSibling("daemon.log").toFile()).start();
        for (int i = 0; i < 500 && !Files.exists(qmpSocket); i++) {
            Thread.sleep(10);
        }
        assertThat(qmpSocket).as("daemon log: %s", log()).exists();
        try (QmpClient qmp = QmpClient.connect(qmpSocket, Duration.ofSeconds(10))) {
            qmp.execute("nbd-server-start", Map.of("addr", Map.of("type", "unix", "data",
                    Map.of("path", nbdSocket.toString()))));
            qmp.execute("block-export-add", Map.of("type", "nbd", "id", "guest", "node-name", NODE, "name", NODE,
                    "writable", true));
        }
    }

    /** Removes the guest's export and stops the daemon's NBD server: sources must start their own. */
    public void stopGuestServer() throws Exception {
        try (QmpClient qmp = QmpClient.connect(qmpSocket, Duration.ofSeconds(10))) {
            qmp.execute("block-export-del", Map.of("id", "guest"));
            qmp.awaitEvent("BLOCK_EXPORT_DELETED", data -> data.path("id").asText().equals("guest"),
                    Duration.ofSeconds(10));
            qmp.execute("nbd-server-stop", Map.of());
        }
    }

    /** The source URI without {@code nbd-socket}: the source serves its view on a private socket. */
    public String uriWithoutSocket() {
        return "qmp:" + qmpSocket + "?node=" + NODE;
    }

    /** The overlay files of fleecing views open in the daemon (QEMU names them in a {@code json:} file name). */
    public List<Path> fleeceOverlays() throws Exception {
        try (QmpClient qmp = QmpClient.connect(qmpSocket, Duration.ofSeconds(10))) {
            List<Path> overlays = new ArrayList<>();
            for (JsonNode node : qmp.execute("query-named-block-nodes", Map.of("flat", true))) {
                if (node.path("node-name").asText().startsWith("pilotlight-fleece-")) {
                    java.util.regex.Matcher file = java.util.regex.Pattern.compile("\"(/[^\"]*/fleece\\.qcow2)\"")
                            .matcher(node.path("file").asText());
                    assertThat(file.find()).as(node.path("file").asText()).isTrue();
                    overlays.add(Path.of(file.group(1)));
                }
            }
            return overlays;
        }
    }

    public String uri() {
        return "qmp:" + qmpSocket + "?node=" + NODE + "&nbd-socket=" + nbdSocket;
    }

    /** Runs qemu-io commands such as {@code write -P 7 0 64k} through the daemon, as a guest would write. */
    public void write(String... commands) throws Exception {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        for (String c : commands) {
            command.addAll(List.of("-c", c));
        }
        command.add(guest());
        QemuFixture.run(command.toArray(String[]::new));
    }

    /** A raw copy of what the guest sees now. */
    public void copyTo(Path raw) throws Exception {
        QemuFixture.run("qemu-img", "convert", "-f", "raw", "-O", "raw", guest(), raw.toString());
    }

    private String guest() {
        return "nbd+unix:///" + NODE + "?socket=" + nbdSocket;
    }

    /** The node's bitmaps as QMP reports them, name to the report. */
    public Map<String, JsonNode> bitmaps() throws Exception {
        try (QmpClient qmp = QmpClient.connect(qmpSocket, Duration.ofSeconds(10))) {
            Map<String, JsonNode> bitmaps = new HashMap<>();
            for (JsonNode node : qmp.execute("query-named-block-nodes", Map.of("flat", true))) {
                if (node.path("node-name").asText().equals(NODE)) {
                    node.path("dirty-bitmaps").forEach(b -> bitmaps.put(b.path("name").asText(), b));
                }
            }
            return bitmaps;
        }
    }

    /** SIGKILL: the image keeps its bitmaps flagged in-use, and those added at run time are lost. */
    public void kill() throws Exception {
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    /** SIGTERM: the daemon stores its persistent bitmaps in the image and closes it. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String log() throws IOException {
        Path log = image.resolveSibling("daemon.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
