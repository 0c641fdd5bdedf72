package io.pilotlight.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.testing.ebs.FakeTicker;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The port check of {@code cloud failover --port} against real sockets on 127.0.0.1. */
class PortWatchTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);

    /** A server on 127.0.0.1 that accepts one connection and writes {@code greeting} (nothing when empty). */
    private static ServerSocket serve(String greeting) throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
                out.write(greeting.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(greeting.isEmpty() ? 1500 : 0);
            } catch (Exception e) {
                // the test's assertions tell
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    @Test
    void theGuestsFirstLineIsTheAnswer() throws Exception {
        try (ServerSocket server = serve("PILOTLIGHT-MARKER m1\r\nmore\n")) {
            assertThat(new PortWatch(new FakeTicker()).await("i-1", "127.0.0.1", new PortCheck(server.getLocalPort(),
                    LIMIT))).isEqualTo("PILOTLIGHT-MARKER m1");
        }
    }

    @Test
    void aGuestThatSendsNothingStillAnswersByAccepting() throws Exception {
        try (ServerSocket server = serve("")) {
            assertThat(new PortWatch(new FakeTicker()).await("i-1", "127.0.0.1", new PortCheck(server.getLocalPort(),
                    LIMIT))).isEmpty();
        }
    }

    @Test
    void aPortThatNeverAcceptsEndsAsNoHeartbeatAfterTheLimit() throws Exception {
        int closed;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = server.getLocalPort();
        }
        FakeTicker ticker = new FakeTicker();
        assertThatThrownBy(() -> new PortWatch(ticker).await("i-1", "127.0.0.1", new PortCheck(closed, LIMIT)))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind())
                        .isEqualTo(CloudException.Kind.NO_HEARTBEAT))
                .hasMessageContaining("instance i-1 did not accept a TCP connection on 127.0.0.1:" + closed + " in 5 s");
        assertThat(ticker.slept()).isGreaterThanOrEqualTo(LIMIT);
        assertThatThrownBy(() -> new PortCheck(0, LIMIT)).hasMessageContaining("--port 0 is not a TCP port");
    }
}
