package io.pilotlight.qemu;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link QmpClient} against a scripted QMP server on a unix socket. */
class QmpClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREETING = "{\"QMP\": {\"version\": {}, \"capabilities\": [\"oob\"]}}";

    @TempDir
    Path dir;
    private final List<Thread> threads = new ArrayList<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    /** One permit per scripted REPLY the fake server has written. */
    private final Semaphore replied = new Semaphore(0);

    @AfterEach
    void stop() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(5000);
        }
    }

    @Test
    void eventsBeforeTheReplyAreQueuedNotTakenForIt() throws Exception {
        Path socket = serve(
                "{\"event\": \"JOB_STATUS_CHANGE\", \"data\": {\"id\": \"j\", \"status\": \"created\"}}",
                "{\"event\": \"BLOCK_JOB_CANCELLED\", \"data\": {\"device\": \"other\"}}",
                "{\"event\": \"BLOCK_JOB_CANCELLED\", \"data\": {\"device\": \"j\"}}",
                "REPLY {\"answer\": 42}");
        try (QmpClient client = QmpClient.connect(socket, Duration.ofSeconds(5))) {
            JsonNode result = client.execute("query-thing", Map.of("node", "disk0", "flat", true));
            assertThat(result.path("answer").asInt()).isEqualTo(42);
            JsonNode event = client.awaitEvent("BLOCK_JOB_CANCELLED", data -> data.path("device").asText().equals("j"),
                    Duration.ofSeconds(1));
            assertThat(event.path("data").path("device").asText()).isEqualTo("j");
            assertThat(client.awaitEvent("BLOCK_JOB_CANCELLED").path("data").path("device").asText()).isEqualTo("other");
        }
        assertThat(received).extracting(m -> m.path("execute").asText()).containsExactly("qmp_capabilities",
                "query-thing");
        assertThat(received.get(1).path("arguments").path("node").asText()).isEqualTo("disk0");
        assertThat(received.get(1).path("arguments").path("flat").asBoolean()).isTrue();
    }

    @Test
    void anErrorNamesTheCommandAndQemusClassAndDescription() throws Exception {
        Path socket = serve("ERROR GenericError Dirty bitmap 'b9' not found");
        try (QmpClient client = QmpClient.connect(socket, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.execute("block-dirty-bitmap-remove", Map.of("node", "d", "name", "b9")))
                    .isInstanceOf(QmpClient.QmpException.class)
                    .hasMessage("QMP command block-dirty-bitmap-remove failed: GenericError: Dirty bitmap 'b9' not found")
                    .satisfies(e -> assertThat(((QmpClient.QmpException) e).errorClass()).isEqualTo("GenericError"));
        }
    }

    @Test
    void aLateReplyToATimedOutCommandIsNotTakenForTheNextOne() throws Exception {
        Path socket = serve("SLEEP 1500", "REPLY {\"which\": \"first\"}", "REPLY {\"which\": \"second\"}");
        try (QmpClient client = QmpClient.connect(socket, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> client.execute("slow", Map.of())).isInstanceOf(IOException.class)
                    .hasMessageContaining("the reply to slow did not come in time");
            assertThat(replied.tryAcquire(10, TimeUnit.SECONDS)).as("the late reply was written").isTrue();
            assertThat(client.execute("fast", Map.of()).path("which").asText()).isEqualTo("second");
        }
    }

    @Test
    void aHangUpFailsTheCommandAndEveryLaterOne() throws Exception {
        Path socket = serve("HANGUP");
        try (QmpClient client = QmpClient.connect(socket, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.execute("query-block", Map.of())).isInstanceOf(IOException.class)
                    .hasMessageContaining("hung up before the reply to query-block");
            assertThatThrownBy(() -> client.awaitEvent("BLOCK_EXPORT_DELETED")).isInstanceOf(IOException.class)
                    .hasMessageContaining("hung up before event BLOCK_EXPORT_DELETED");
        }
    }

    @Test
    void anEventThatNeverComesTimesOut() throws Exception {
        Path socket = serve("REPLY {}");
        try (QmpClient client = QmpClient.connect(socket, Duration.ofSeconds(5))) {
            client.execute("block-export-del", Map.of("id", "e"));
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.awaitEvent("BLOCK_EXPORT_DELETED", data -> true, Duration.ofMillis(200)))
                    .isInstanceOf(IOException.class).hasMessageContaining("event BLOCK_EXPORT_DELETED did not come in time");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aServerThatIsNotQmpIsRefused() throws Exception {
        Path socket = serveRaw("{\"hello\": 1}");
        assertThatThrownBy(() -> QmpClient.connect(socket, Duration.ofSeconds(5))).isInstanceOf(IOException.class)
                .hasMessageContaining("not a QMP greeting");
    }

    @Test
    void aMissingSocketIsNamed() {
        Path missing = dir.resolve("nope.sock");
        assertThatThrownBy(() -> QmpClient.connect(missing, Duration.ofSeconds(1))).isInstanceOf(IOException.class)
                .hasMessageStartingWith("QMP " + missing + ": cannot connect");
    }

    /**
     * A server that greets, answers qmp_capabilities, then for each command received plays the script up to
     * and including the next REPLY or ERROR: plain lines are sent as they are, {@code SLEEP ms} pauses,
     * {@code HANGUP} closes the connection.
     */
    private Path serve(String... script) throws IOException {
        return start(GREETING, true, List.of(script));
    }

    private Path serveRaw(String greeting) throws IOException {
        return start(greeting, false, List.of());
    }

    private Path start(String greeting, boolean qmp, List<String> script) throws IOException {
        Path socket = dir.resolve("qmp-" + threads.size() + ".sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread thread = new Thread(() -> {
            try (server; SocketChannel connection = server.accept()) {
                OutputStream out = Channels.newOutputStream(connection);
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(connection), UTF_8));
                send(out, greeting);
                if (!qmp) {
                    in.readLine();
                    return;
                }
                reply(out, read(in), "{}");
                int step = 0;
                while (step < script.size()) {
                    String id = read(in);
                    for (; step < script.size(); step++) {
                        String line = script.get(step);
                        if (line.equals("HANGUP")) {
                            return;
                        } else if (line.startsWith("SLEEP ")) {
                            Thread.sleep(Long.parseLong(line.substring(6)));
                        } else if (line.startsWith("REPLY ")) {
                            reply(out, id, line.substring(6));
                            replied.release();
                            step++;
                            break;
                        } else if (line.startsWith("ERROR ")) {
                            String[] parts = line.split(" ", 3);
                            send(out, JSON.createObjectNode().put("id", id).set("error", JSON.createObjectNode()
                                    .put("class", parts[1]).put("desc", parts[2])).toString());
                            step++;
                            break;
                        } else {
                            send(out, line);
                        }
                    }
                }
                in.readLine(); // until the client closes
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        });
        thread.start();
        threads.add(thread);
        return socket;
    }

    private String read(BufferedReader in) throws IOException {
        JsonNode message = JSON.readTree(in.readLine());
        received.add(message);
        return message.path("id").asText();
    }

    private static void reply(OutputStream out, String id, String value) throws IOException {
        send(out, "{\"return\": " + value + ", \"id\": \"" + id + "\"}");
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(UTF_8));
        out.flush();
    }
}
