package io.pilotlight.nbd;

import static io.pilotlight.nbd.NbdProtocol.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The server's decoders (handshake, options, requests) fed damaged client bytes: a valid session
 * truncated at every length, every bit of it flipped, and random bytes after a valid handshake.
 * Each session must end by returning or with an {@link IOException} (EOF or a protocol error),
 * never another exception, and the whole test is bounded in time.
 */
class NbdServerFuzzTest {
    private static final int SIZE = 1 << 20;
    private static final long REPLY_BOUND = 256L << 20;

    /** 1 MiB of 0x5a; the second half a hole. */
    private static final NbdExport EXPORT = new NbdExport() {
        @Override
        public long size() {
            return SIZE;
        }

        @Override
        public void read(long offset, ByteBuffer target) {
            while (target.hasRemaining()) {
                target.put((byte) 0x5a);
            }
        }

        @Override
        public List<NbdExtent> allocation(long offset, long length) {
            return List.of(new NbdExtent(offset, length, offset >= SIZE / 2 ? NbdExtent.ALLOCATION_HOLE : 0));
        }
    };

    /** Client bytes in, replies counted and dropped; reads end with EOF. */
    private static final class ScriptedChannel implements ByteChannel {
        private final ByteBuffer input;
        private long written;

        ScriptedChannel(byte[] input) {
            this.input = ByteBuffer.wrap(input);
        }

        @Override
        public int read(ByteBuffer target) {
            if (!input.hasRemaining()) {
                return -1;
            }
            int n = Math.min(target.remaining(), input.remaining());
            target.put(input.slice().limit(n));
            input.position(input.position() + n);
            return n;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            int n = source.remaining();
            written += n;
            if (written > REPLY_BOUND) {
                throw new IOException("the server answered more than " + REPLY_BOUND + " bytes");
            }
            source.position(source.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    /** A full, valid client side: handshake with structured replies and base:allocation, requests, disconnect. */
    static byte[] validSession() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        put(out, ByteBuffer.allocate(4).putInt(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES));
        option(out, OPT_STRUCTURED_REPLY, new byte[0]);
        byte[] context = "base:allocation".getBytes(StandardCharsets.UTF_8);
        option(out, OPT_SET_META_CONTEXT, ByteBuffer.allocate(4 + 1 + 4 + 4 + context.length).putInt(1)
                .put((byte) 'x').putInt(1).putInt(context.length).put(context).array());
        option(out, OPT_GO, ByteBuffer.allocate(4 + 1 + 2).putInt(1).put((byte) 'x').putShort((short) 0).array());
        request(out, CMD_READ, 1, 0, 4096);
        request(out, CMD_BLOCK_STATUS, 2, 0, SIZE);
        request(out, CMD_READ, 3, SIZE / 2 - 100, 200);
        request(out, CMD_WRITE, 4, 0, 16);
        out.writeBytes(new byte[16]);
        request(out, CMD_FLUSH, 5, 0, 0);
        request(out, CMD_DISC, 6, 0, 0);
        return out.toByteArray();
    }

    private static void option(ByteArrayOutputStream out, int option, byte[] data) {
        put(out, ByteBuffer.allocate(16).putLong(IHAVEOPT).putInt(option).putInt(data.length));
        out.writeBytes(data);
    }

    private static void request(ByteArrayOutputStream out, int command, long handle, long offset, int length) {
        put(out, ByteBuffer.allocate(28).putInt(REQUEST_MAGIC).putShort((short) 0).putShort((short) command)
                .putLong(handle).putLong(offset).putInt(length));
    }

    private static void put(ByteArrayOutputStream out, ByteBuffer buffer) {
        out.writeBytes(buffer.array());
    }

    /** Runs one session over {@code input}; it returns or fails with an IOException, nothing else. */
    private static void survives(String what, byte[] input) {
        Throwable thrown = catchThrowable(() -> new NbdServerSession(new ScriptedChannel(input), "x", EXPORT).run());
        if (thrown != null) {
            assertThat(thrown).as(what).isInstanceOf(IOException.class);
        }
    }

    @Test
    void theValidSessionEndsCleanly() throws IOException {
        ScriptedChannel channel = new ScriptedChannel(validSession());
        new NbdServerSession(channel, "x", EXPORT).run();
        assertThat(channel.written).isGreaterThan(4096);
    }

    @Test
    void everyTruncationIsAnIoErrorOrAnEnd() {
        byte[] valid = validSession();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int length = 0; length < valid.length; length++) {
                survives("truncated to " + length, Arrays.copyOf(valid, length));
            }
        });
    }

    @Test
    void everyFlippedBitIsAnIoErrorOrAnAnswer() {
        byte[] valid = validSession();
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int bit = 0; bit < valid.length * 8; bit++) {
                byte[] copy = valid.clone();
                copy[bit / 8] ^= (byte) (1 << (bit % 8));
                survives("bit " + bit + " flipped", copy);
            }
        });
    }

    @Test
    void randomBytesAfterTheHandshakeOrInsteadOfItAreAnIoErrorOrAnAnswer() {
        byte[] valid = validSession();
        int handshake = valid.length - 6 * 28 - 16;
        Random random = new Random(17);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 2000; round++) {
                byte[] noise = new byte[random.nextInt(600)];
                random.nextBytes(noise);
                boolean afterHandshake = round % 2 == 0;
                byte[] input = afterHandshake ? Arrays.copyOf(valid, handshake + noise.length) : noise;
                if (afterHandshake) {
                    System.arraycopy(noise, 0, input, handshake, noise.length);
                }
                survives("round " + round, input);
            }
        });
    }
}
