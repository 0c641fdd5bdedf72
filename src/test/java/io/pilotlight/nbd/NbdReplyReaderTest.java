package io.pilotlight.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reply decoder on hand-written server bytes: good replies decode, bad ones are clean IOExceptions. */
class NbdReplyReaderTest {
    private static final long OFFSET = 4096;
    private static final int LENGTH = 64;
    private final Map<Long, NbdRequest> inFlight = new HashMap<>();
    private final ByteBuffer target = ByteBuffer.allocate(LENGTH);

    private NbdRequest read(long handle) {
        NbdRequest request = NbdRequest.read("disk", handle, OFFSET, target);
        inFlight.put(handle, request);
        return request;
    }

    private NbdRequest blockStatus(long handle, int contextId) {
        NbdRequest request = NbdRequest.blockStatus("disk", handle, OFFSET, 1 << 20, contextId);
        inFlight.put(handle, request);
        return request;
    }

    /** Decodes {@code bytes} to their end; every completed request is finished; returns the last one. */
    private NbdRequest decode(byte[] bytes) throws IOException {
        NbdReplyReader reader = new NbdReplyReader(Channels.newChannel(new ByteArrayInputStream(bytes)), "disk",
                inFlight::get);
        NbdRequest last = null;
        int remaining = bytes.length;
        while (true) {
            NbdRequest done = reader.next();
            if (done != null) {
                done.finish();
                last = done;
            }
            if (done != null && inFlight.values().stream().allMatch(request -> request == done)) {
                return last;
            }
        }
    }

    static byte[] simple(long handle, int error, byte[] data) {
        return ByteBuffer.allocate(16 + data.length).putInt(0x67446698).putInt(error).putLong(handle).put(data).array();
    }

    static byte[] chunk(int flags, int type, long handle, byte[] payload) {
        return ByteBuffer.allocate(20 + payload.length).putInt(0x668e33ef).putShort((short) flags).putShort((short) type)
                .putLong(handle).putInt(payload.length).put(payload).array();
    }

    static byte[] data(long offset, byte[] data) {
        return ByteBuffer.allocate(8 + data.length).putLong(offset).put(data).array();
    }

    static byte[] hole(long offset, int length) {
        return ByteBuffer.allocate(12).putLong(offset).putInt(length).array();
    }

    static byte[] error(int error, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(6 + text.length).putInt(error).putShort((short) text.length).put(text).array();
    }

    static byte[] extents(int contextId, int... lengthsAndFlags) {
        ByteBuffer payload = ByteBuffer.allocate(4 + 4 * lengthsAndFlags.length).putInt(contextId);
        Arrays.stream(lengthsAndFlags).forEach(payload::putInt);
        return payload.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(part -> part.length).sum());
        Arrays.stream(parts).forEach(all::put);
        return all.array();
    }

    static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A structured read reply: data for the first half, a hole, data for the last 16 bytes, then NONE+DONE. */
    static byte[] goodStructuredRead(long handle, byte[] expected) {
        Arrays.fill(expected, 32, 48, (byte) 0);
        return concat(chunk(0, 1, handle, data(OFFSET, Arrays.copyOfRange(expected, 0, 32))),
                chunk(0, 1, handle, data(OFFSET + 48, Arrays.copyOfRange(expected, 48, 64))),
                chunk(0, 2, handle, hole(OFFSET + 32, 16)), chunk(1, 0, handle, new byte[0]));
    }

    @Test
    void simpleReplyFillsTheTarget() throws IOException {
        byte[] expected = pattern(LENGTH, 1);
        NbdRequest request = read(7);
        assertThat(decode(simple(7, 0, expected))).isSameAs(request);
        assertThat(request.await()).isNull();
        assertThat(target.array()).isEqualTo(expected);
    }

    @Test
    void structuredChunksInAnyOrderFillDataAndZeroHoles() throws IOException {
        target.put(pattern(LENGTH, 9)).clear(); // stale bytes where the hole goes must become zeroes
        byte[] expected = pattern(LENGTH, 2);
        NbdRequest request = read(3);
        decode(goodStructuredRead(3, expected));
        request.await();
        assertThat(target.array()).isEqualTo(expected);
    }

    @Test
    void errorChunkBecomesAnNbdExceptionNamingExportCommandOffsetAndError() throws IOException {
        NbdRequest request = read(5);
        byte[] errorOffset = concat(error(5, "bad sector"), ByteBuffer.allocate(8).putLong(OFFSET + 8).array());
        decode(concat(chunk(0, 0x8002, 5, errorOffset), chunk(1, 0x8001, 5, error(22, "second"))));
        assertThatThrownBy(request::await).isInstanceOf(NbdException.class)
                .hasMessage("NBD export 'disk': NBD_CMD_READ at offset 4096 length 64 failed with EIO: bad sector (at offset 4104)")
                .satisfies(e -> assertThat(((NbdException) e).error()).isEqualTo(5));
    }

    @Test
    void simpleErrorReplyBecomesAnNbdException() throws IOException {
        NbdRequest request = read(5);
        decode(simple(5, 28, new byte[0]));
        assertThatThrownBy(request::await).isInstanceOf(NbdException.class).hasMessageContaining("ENOSPC");
    }

    @Test
    void blockStatusKeepsOnlyTheAskedContext() throws IOException {
        NbdRequest request = blockStatus(9, 2);
        decode(concat(chunk(0, 5, 9, extents(1, 4096, 0)), chunk(1, 5, 9, extents(2, 65536, 1, 8192, 0))));
        assertThat(request.await()).containsExactly(new NbdExtent(OFFSET, 65536, 1), new NbdExtent(OFFSET + 65536, 8192, 0));
    }

    @Test
    void incompleteReadsFailInsteadOfReturningStaleBytes() throws IOException {
        NbdRequest gap = read(1);
        decode(concat(chunk(0, 1, 1, data(OFFSET, new byte[16])), chunk(1, 1, 1, data(OFFSET + 32, new byte[32]))));
        assertThatThrownBy(gap::await).hasMessageContaining("leaves a gap at byte 16");

        inFlight.clear();
        NbdRequest overlap = read(2);
        decode(concat(chunk(0, 1, 2, data(OFFSET, new byte[40])), chunk(1, 2, 2, hole(OFFSET + 32, 32))));
        assertThatThrownBy(overlap::await).hasMessageContaining("overlaps itself");

        inFlight.clear();
        NbdRequest empty = read(3);
        decode(chunk(1, 0, 3, new byte[0]));
        assertThatThrownBy(empty::await).hasMessageContaining("reply ended after 0 bytes");

        inFlight.clear();
        NbdRequest noExtents = blockStatus(4, 1);
        decode(chunk(1, 0, 4, new byte[0]));
        assertThatThrownBy(noExtents::await).hasMessageContaining("no extents");
    }

    @Test
    void protocolViolationsAreIOExceptionsNamingTheRule() {
        Map<byte[], String> cases = new java.util.LinkedHashMap<>();
        cases.put(simple(99, 0, new byte[0]), "handle 99, which is not in flight");
        cases.put(ByteBuffer.allocate(16).putInt(0x12345678).array(), "bad reply magic 0x12345678");
        cases.put(chunk(1, 1, 1, data(OFFSET + 60, new byte[8])), "lies outside the request");
        cases.put(chunk(1, 1, 1, data(OFFSET - 1, new byte[1])), "lies outside the request");
        cases.put(chunk(1, 2, 1, hole(OFFSET, 65)), "lies outside the request");
        cases.put(chunk(1, 2, 1, hole(OFFSET, 0)), "OFFSET_HOLE of length 0");
        cases.put(chunk(1, 2, 1, new byte[8]), "OFFSET_HOLE of 8 bytes");
        cases.put(chunk(1, 1, 1, new byte[8]), "OFFSET_DATA of 8 bytes");
        cases.put(chunk(1, 5, 1, extents(1, 4096, 0)), "BLOCK_STATUS is not a reply to this command");
        cases.put(chunk(1, 0, 1, new byte[4]), "NBD_REPLY_TYPE_NONE with 4 bytes");
        cases.put(chunk(0, 0, 1, new byte[0]), "without the DONE flag");
        cases.put(chunk(1, 7, 1, new byte[0]), "unknown reply chunk type 7");
        cases.put(chunk(1, 0x8001, 1, new byte[] {0, 0, 0, 5, 0, 9, 'x'}), "a message of 9 bytes in 1");
        cases.put(chunk(1, 0x8001, 1, error(0, "")), "error chunk with error 0");
        cases.put(chunk(1, 0x8002, 1, error(5, "no offset")), "ERROR_OFFSET without its 8-byte offset");
        cases.put(concat(chunk(0, 1, 1, data(OFFSET, new byte[8]))), "server hung up");
        cases.put(Arrays.copyOf(chunk(1, 1, 1, data(OFFSET, new byte[64])), 50), "bytes of NBD export 'disk': NBD_CMD_READ at offset 4096 length 64 data unread");
        cases.put(Arrays.copyOf(simple(1, 0, new byte[0]), 10), "bytes of a simple reply header unread");
        cases.forEach((bytes, message) -> {
            inFlight.clear();
            read(1);
            assertThatThrownBy(() -> decode(bytes)).as(message).isInstanceOf(IOException.class).hasMessageContaining(message);
        });
    }

    @Test
    void blockStatusViolations() {
        Map<byte[], String> cases = Map.of(
                chunk(1, 5, 1, extents(1, 0, 0)), "extent of length 0 at offset 4096",
                chunk(1, 5, 1, new byte[10]), "BLOCK_STATUS of 10 bytes",
                chunk(1, 5, 1, new byte[8]), "BLOCK_STATUS of 8 bytes",
                concat(chunk(0, 5, 1, extents(1, 512, 0)), chunk(1, 5, 1, extents(1, 512, 0))), "two block status chunks",
                chunk(1, 1, 1, data(OFFSET, new byte[1])), "OFFSET_DATA is not a reply to this command");
        cases.forEach((bytes, message) -> {
            inFlight.clear();
            blockStatus(1, 1);
            assertThatThrownBy(() -> decode(bytes)).as(message).isInstanceOf(IOException.class).hasMessageContaining(message);
        });
    }

    /** Every truncation of a good reply, and random garbage: an IOException or the exact bytes, nothing else. */
    @Test
    void truncatedOrGarbledStreamsNeverYieldWrongData() {
        byte[] expected = pattern(LENGTH, 3);
        byte[] good = goodStructuredRead(1, expected);
        for (int cut = 0; cut < good.length; cut++) {
            inFlight.clear();
            NbdRequest request = read(1);
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> decode(truncated)).as("cut at " + cut).isInstanceOf(IOException.class);
            assertThat(request.fail(new IOException("aborted"))).as("cut at " + cut + " completed the request").isTrue();
        }
        Random random = new Random(11);
        for (int round = 0; round < 5000; round++) {
            inFlight.clear();
            target.clear().put(new byte[LENGTH]).clear();
            NbdRequest request = read(1);
            byte[] garbled = good.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                int at = headerByte(random);
                garbled[at] = (byte) random.nextInt(256);
            }
            try {
                decode(garbled);
                request.await();
                assertThat(target.array()).as("round " + round).isEqualTo(expected);
            } catch (IOException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    /** A random byte of a chunk header or chunk offset field of {@link #goodStructuredRead} (data is not checked by NBD). */
    private static int headerByte(Random random) {
        int[][] fields = {{0, 28}, {60, 88}, {104, 136}, {136, 156}};
        int[] field = fields[random.nextInt(fields.length)];
        return field[0] + random.nextInt(field[1] - field[0]);
    }

    @Test
    void decodesSeveralInterleavedReplies() throws IOException {
        ByteBuffer second = ByteBuffer.allocate(LENGTH);
        NbdRequest first = read(1);
        NbdRequest other = NbdRequest.read("disk", 2, 0, second);
        inFlight.put(2L, other);
        byte[] one = pattern(LENGTH, 4);
        byte[] two = pattern(LENGTH, 5);
        NbdReplyReader reader = new NbdReplyReader(Channels.newChannel(new ByteArrayInputStream(concat(
                chunk(0, 1, 2, data(0, Arrays.copyOf(two, 10))), chunk(0, 1, 1, data(OFFSET, one)),
                chunk(1, 1, 2, data(10, Arrays.copyOfRange(two, 10, 64))), chunk(1, 0, 1, new byte[0])))), "disk",
                inFlight::get);
        List<NbdRequest> done = new java.util.ArrayList<>();
        while (done.size() < 2) {
            NbdRequest request = reader.next();
            if (request != null) {
                request.finish();
                done.add(request);
            }
        }
        assertThat(done).containsExactly(other, first);
        first.await();
        other.await();
        assertThat(target.array()).isEqualTo(one);
        assertThat(second.array()).isEqualTo(two);
    }
}
