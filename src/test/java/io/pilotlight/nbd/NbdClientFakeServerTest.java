package io.pilotlight.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure policies qemu-nbd will not show on demand: a server that stalls, or hangs up mid-chunk. */
class NbdClientFakeServerTest {
    @TempDir
    Path directory;

    /** Accepts one client, does the server half of the handshake (export of 1 MiB), then runs {@code script}. */
    private Thread serve(ServerSocketChannel listener, boolean answerHandshake, Script script) {
        Thread server = new Thread(() -> {
            try (SocketChannel peer = listener.accept()) {
                if (!answerHandshake) {
                    Thread.sleep(10_000);
                    return;
                }
                NbdWire.writeFully(peer, ByteBuffer.allocate(18).putLong(NbdProtocol.NBDMAGIC)
                        .putLong(NbdProtocol.IHAVEOPT).putShort((short) 3).flip());
                NbdWire.readExactly(peer, 4, "client flags");
                while (true) {
                    ByteBuffer option = NbdWire.readExactly(peer, 16, "option");
                    option.getLong();
                    int type = option.getInt();
                    NbdWire.readExactly(peer, option.getInt(), "option data");
                    if (type == NbdProtocol.OPT_GO) {
                        reply(peer, type, NbdProtocol.REP_INFO, ByteBuffer.allocate(12).putShort((short) 0)
                                .putLong(1 << 20).putShort((short) 1).array());
                        reply(peer, type, NbdProtocol.REP_ACK, new byte[0]);
                        break;
                    }
                    reply(peer, type, NbdProtocol.REP_ACK, new byte[0]);
                }
                script.run(peer, NbdWire.readExactly(peer, 28, "request"));
            } catch (IOException | InterruptedException e) {
                // the client hung up: the test checks what the client saw
            }
        });
        server.setDaemon(true);
        server.start();
        return server;
    }

    interface Script {
        void run(SocketChannel peer, ByteBuffer request) throws IOException, InterruptedException;
    }

    private static void reply(SocketChannel peer, int option, int type, byte[] data) throws IOException {
        NbdWire.writeFully(peer, ByteBuffer.allocate(20 + data.length).putLong(NbdProtocol.OPTION_REPLY_MAGIC)
                .putInt(option).putInt(type).putInt(data.length).put(data).flip());
    }

    private ServerSocketChannel listen() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(directory.resolve("fake.sock")));
        return listener;
    }

    private NbdAddress address() {
        return new NbdAddress(Optional.of(directory.resolve("fake.sock")), Optional.empty(), 0, "fake");
    }

    @Test
    void aServerThatStallsMidReplyFailsTheReadAfterTheIdleTimeout() throws Exception {
        try (ServerSocketChannel listener = listen()) {
            serve(listener, true, (peer, request) -> {
                long handle = request.getLong(8);
                NbdWire.writeFully(peer, ByteBuffer.allocate(30).putInt(NbdProtocol.STRUCTURED_REPLY_MAGIC)
                        .putShort((short) 1).putShort((short) 1).putLong(handle).putInt(8 + 4096).putLong(0)
                        .putShort((short) 0x1234).flip());
                Thread.sleep(10_000);
            });
            try (NbdClient client = NbdClient.connect(address(), List.of(), Duration.ofMillis(500))) {
                assertThat(client.size()).isEqualTo(1 << 20);
                long started = System.nanoTime();
                assertThatThrownBy(() -> client.read(0, ByteBuffer.allocate(4096)))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("NBD export 'fake': NBD_CMD_READ at offset 0 length 4096")
                        .hasMessageContaining("no reply within 500 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            }
        }
    }

    @Test
    void aServerThatHangsUpMidChunkFailsTheRead() throws Exception {
        try (ServerSocketChannel listener = listen()) {
            serve(listener, true, (peer, request) -> NbdWire.writeFully(peer, ByteBuffer.allocate(30)
                    .putInt(NbdProtocol.STRUCTURED_REPLY_MAGIC).putShort((short) 1).putShort((short) 1)
                    .putLong(request.getLong(8)).putInt(8 + 4096).putLong(0).putShort((short) 0x1234).flip()));
            try (NbdClient client = NbdClient.connect(address(), List.of())) {
                assertThatThrownBy(() -> client.read(0, ByteBuffer.allocate(4096)))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("NBD export 'fake': NBD_CMD_READ at offset 0 length 4096: connection lost")
                        .hasMessageContaining("server hung up with 4094 bytes");
            }
        }
    }

    @Test
    void aServerThatNeverGreetsTimesOutTheHandshake() throws Exception {
        try (ServerSocketChannel listener = listen()) {
            serve(listener, false, null);
            long started = System.nanoTime();
            assertThatThrownBy(() -> NbdClient.connect(address(), List.of(), Duration.ofMillis(300)))
                    .isInstanceOf(IOException.class).hasMessageContaining("no handshake within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
