package io.pilotlight.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NbdServerTest {
    @TempDir
    Path dir;

    /** Bytes in memory; the second half is a hole. */
    private static final class MemoryExport implements NbdExport {
        final byte[] bytes = new byte[1 << 20];

        MemoryExport() {
            new Random(3).nextBytes(bytes);
            java.util.Arrays.fill(bytes, bytes.length / 2, bytes.length, (byte) 0);
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void read(long offset, ByteBuffer target) {
            target.put(bytes, (int) offset, target.remaining());
        }

        @Override
        public List<NbdExtent> allocation(long offset, long length) {
            long half = bytes.length / 2;
            if (offset >= half) {
                return List.of(new NbdExtent(offset, length, NbdExtent.ALLOCATION_HOLE | NbdExtent.ALLOCATION_ZERO));
            }
            if (offset + length <= half) {
                return List.of(new NbdExtent(offset, length, 0));
            }
            return List.of(new NbdExtent(offset, half - offset, 0),
                    new NbdExtent(half, offset + length - half, NbdExtent.ALLOCATION_HOLE | NbdExtent.ALLOCATION_ZERO));
        }
    }

    private NbdAddress address() {
        return new NbdAddress(Optional.of(dir.resolve("s.sock")), Optional.empty(), 0, "x");
    }

    @Test
    void readsAndBlockStatusMatchTheExport() throws Exception {
        MemoryExport export = new MemoryExport();
        try (NbdServer server = NbdServer.start(address(), export, 4);
                NbdClient client = NbdClient.connect(server.address(), List.of("base:allocation"))) {
            assertThat(client.size()).isEqualTo(export.size());
            ByteBuffer all = ByteBuffer.allocate(export.bytes.length);
            client.read(0, all);
            assertThat(all.array()).isEqualTo(export.bytes);
            assertThat(client.blockStatus("base:allocation", 0, export.size())).containsExactly(
                    new NbdExtent(0, 1 << 19, 0), new NbdExtent(1 << 19, 1 << 19, 3));
        }
    }

    @Test
    void connectionsBeyondTheBoundAreRefused() throws Exception {
        try (NbdServer server = NbdServer.start(address(), new MemoryExport(), 1);
                NbdClient first = NbdClient.connect(server.address(), List.of())) {
            assertThatThrownBy(() -> NbdClient.connect(server.address(), List.of())).isInstanceOf(IOException.class);
            first.read(0, ByteBuffer.allocate(512));
        }
    }

    @Test
    void anUnknownOptionIsUnsupportedAndTheHandshakeGoesOn() throws Exception {
        try (NbdServer server = NbdServer.start(address(), new MemoryExport(), 2);
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(dir.resolve("s.sock")));
            ByteBuffer greeting = NbdWire.readExactly(channel, 18, "greeting");
            assertThat(greeting.getLong()).isEqualTo(NbdProtocol.NBDMAGIC);
            NbdWire.writeFully(channel, ByteBuffer.allocate(4).putInt(3).flip());
            NbdWire.writeFully(channel, ByteBuffer.allocate(16).putLong(NbdProtocol.IHAVEOPT).putInt(42).putInt(0).flip());
            ByteBuffer reply = NbdWire.readExactly(channel, 20, "option reply");
            assertThat(reply.getLong()).isEqualTo(NbdProtocol.OPTION_REPLY_MAGIC);
            assertThat(reply.getInt()).isEqualTo(42);
            assertThat(reply.getInt()).isEqualTo(NbdProtocol.REP_ERR_UNSUP);
            NbdWire.readExactly(channel, reply.getInt(), "message");
            NbdWire.writeFully(channel, ByteBuffer.allocate(16).putLong(NbdProtocol.IHAVEOPT)
                    .putInt(NbdProtocol.OPT_ABORT).putInt(0).flip());
            ByteBuffer ack = NbdWire.readExactly(channel, 20, "abort reply");
            ack.position(12);
            assertThat(ack.getInt()).isEqualTo(NbdProtocol.REP_ACK);
        }
    }
}
