package io.pilotlight.nbd;

import static io.pilotlight.nbd.NbdProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Decodes the transmission phase's replies, one simple reply or structured chunk per call, into the
 * request each names by handle. Read data goes straight into the request's target. Anything that breaks
 * the protocol (bad magic, unknown handle, a chunk outside its request, a truncated payload) is an
 * {@link IOException}: after it the stream cannot be trusted, and the caller drops the connection.
 */
final class NbdReplyReader {
    /** A block status chunk this large would describe over two million extents: garbage. */
    private static final int MAX_BLOCK_STATUS_PAYLOAD = 16 << 20;
    private static final int MAX_ERROR_PAYLOAD = 6 + MAX_STRING + 8;
    private static final ByteBuffer ZEROES = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private final ReadableByteChannel channel;
    private final String export;
    private final LongFunction<NbdRequest> inFlight;
    private final ByteBuffer header = ByteBuffer.allocateDirect(20);

    NbdReplyReader(ReadableByteChannel channel, String export, LongFunction<NbdRequest> inFlight) {
        this.channel = channel;
        this.export = export;
        this.inFlight = inFlight;
    }

    /** Reads one reply or chunk; returns its request when that request's reply is complete, else null. */
    NbdRequest next() throws IOException {
        header.clear().limit(4);
        if (channel.read(header) < 0) {
            throw new IOException("NBD export '" + export + "': server hung up");
        }
        NbdWire.readFully(channel, header, "a reply header");
        int magic = header.getInt(0);
        if (magic == SIMPLE_REPLY_MAGIC) {
            return simpleReply();
        }
        if (magic == STRUCTURED_REPLY_MAGIC) {
            return structuredChunk();
        }
        throw new IOException(String.format("NBD export '%s': bad reply magic 0x%08x", export, magic));
    }

    private NbdRequest simpleReply() throws IOException {
        header.limit(16);
        NbdWire.readFully(channel, header, "a simple reply header");
        int error = header.getInt(4);
        NbdRequest request = request(header.getLong(8));
        if (error != 0) {
            request.serverError(error, null);
        } else if (request.command == CMD_READ) {
            NbdWire.readFully(channel, request.target.duplicate(), request.describe() + " data");
            request.filled(0, request.length);
        }
        return request;
    }

    private NbdRequest structuredChunk() throws IOException {
        header.limit(20);
        NbdWire.readFully(channel, header, "a structured reply header");
        int flags = Short.toUnsignedInt(header.getShort(4));
        int type = Short.toUnsignedInt(header.getShort(6));
        NbdRequest request = request(header.getLong(8));
        long length = Integer.toUnsignedLong(header.getInt(16));
        switch (type) {
            case REPLY_TYPE_NONE -> {
                if (length != 0 || (flags & REPLY_FLAG_DONE) == 0) {
                    throw violation(request, "NBD_REPLY_TYPE_NONE with " + length + " bytes or without the DONE flag");
                }
            }
            case REPLY_TYPE_OFFSET_DATA -> offsetData(request, length);
            case REPLY_TYPE_OFFSET_HOLE -> offsetHole(request, length);
            case REPLY_TYPE_BLOCK_STATUS -> blockStatus(request, length);
            default -> {
                if ((type & REPLY_TYPE_ERROR_BIT) == 0) {
                    throw violation(request, "unknown reply chunk type " + type);
                }
                error(request, type, length);
            }
        }
        return (flags & REPLY_FLAG_DONE) != 0 ? request : null;
    }

    private void offsetData(NbdRequest request, long length) throws IOException {
        requireCommand(request, CMD_READ, "NBD_REPLY_TYPE_OFFSET_DATA");
        if (length < 9) {
            throw violation(request, "NBD_REPLY_TYPE_OFFSET_DATA of " + length + " bytes (needs an offset and data)");
        }
        long start = readLong(request) - request.offset;
        long count = length - 8;
        requireInside(request, start, count, "NBD_REPLY_TYPE_OFFSET_DATA");
        ByteBuffer into = request.target.duplicate();
        into.limit((int) (start + count)).position((int) start);
        NbdWire.readFully(channel, into, request.describe() + " data");
        request.filled(start, count);
    }

    private void offsetHole(NbdRequest request, long length) throws IOException {
        requireCommand(request, CMD_READ, "NBD_REPLY_TYPE_OFFSET_HOLE");
        if (length != 12) {
            throw violation(request, "NBD_REPLY_TYPE_OFFSET_HOLE of " + length + " bytes (must be 12)");
        }
        ByteBuffer payload = NbdWire.readExactly(channel, 12, request.describe() + " hole");
        long start = payload.getLong() - request.offset;
        long count = Integer.toUnsignedLong(payload.getInt());
        if (count == 0) {
            throw violation(request, "NBD_REPLY_TYPE_OFFSET_HOLE of length 0");
        }
        requireInside(request, start, count, "NBD_REPLY_TYPE_OFFSET_HOLE");
        ByteBuffer into = request.target.duplicate();
        into.limit((int) (start + count)).position((int) start);
        while (into.hasRemaining()) {
            into.put(ZEROES.duplicate().limit(Math.min(ZEROES.capacity(), into.remaining())));
        }
        request.filled(start, count);
    }

    private void blockStatus(NbdRequest request, long length) throws IOException {
        requireCommand(request, CMD_BLOCK_STATUS, "NBD_REPLY_TYPE_BLOCK_STATUS");
        if (length < 12 || (length - 4) % 8 != 0 || length > MAX_BLOCK_STATUS_PAYLOAD) {
            throw violation(request, "NBD_REPLY_TYPE_BLOCK_STATUS of " + length
                    + " bytes (must be 4 + 8 per extent, at least one, at most " + MAX_BLOCK_STATUS_PAYLOAD + ")");
        }
        ByteBuffer payload = NbdWire.readExactly(channel, (int) length, request.describe() + " extents");
        int contextId = payload.getInt();
        if (contextId != request.contextId) {
            return; // the server answers for every negotiated context; this request wants one
        }
        List<NbdExtent> extents = new ArrayList<>();
        long position = request.offset;
        while (payload.hasRemaining()) {
            long extentLength = Integer.toUnsignedLong(payload.getInt());
            int extentFlags = payload.getInt();
            if (extentLength == 0) {
                throw violation(request, "block status extent of length 0 at offset " + position);
            }
            extents.add(new NbdExtent(position, extentLength, extentFlags));
            position += extentLength;
        }
        request.extents(extents);
    }

    private void error(NbdRequest request, int type, long length) throws IOException {
        if (length < 6 || length > MAX_ERROR_PAYLOAD) {
            throw violation(request, "error chunk of " + length + " bytes");
        }
        ByteBuffer payload = NbdWire.readExactly(channel, (int) length, request.describe() + " error");
        int error = payload.getInt();
        int messageLength = Short.toUnsignedInt(payload.getShort());
        if (error == 0 || messageLength > payload.remaining()) {
            throw violation(request, "error chunk with error " + error + " and a message of " + messageLength
                    + " bytes in " + payload.remaining());
        }
        String message = StandardCharsets.UTF_8.decode(payload.slice().limit(messageLength)).toString();
        payload.position(payload.position() + messageLength);
        if (type == REPLY_TYPE_ERROR_OFFSET) {
            if (payload.remaining() != 8) {
                throw violation(request, "NBD_REPLY_TYPE_ERROR_OFFSET without its 8-byte offset");
            }
            message = message + " (at offset " + payload.getLong() + ")";
        }
        request.serverError(error, message);
    }

    private NbdRequest request(long handle) throws IOException {
        NbdRequest request = inFlight.apply(handle);
        if (request == null) {
            throw new IOException("NBD export '" + export + "': reply for handle " + handle + ", which is not in flight");
        }
        return request;
    }

    private long readLong(NbdRequest request) throws IOException {
        return NbdWire.readExactly(channel, 8, request.describe() + " chunk offset").getLong();
    }

    private static void requireCommand(NbdRequest request, int command, String chunk) throws IOException {
        if (request.command != command) {
            throw violation(request, chunk + " is not a reply to this command");
        }
    }

    private static void requireInside(NbdRequest request, long start, long count, String chunk) throws IOException {
        if (start < 0 || start + count > Integer.toUnsignedLong(request.length)) {
            throw violation(request, chunk + " for " + count + " bytes at offset " + (request.offset + start)
                    + " lies outside the request");
        }
    }

    private static IOException violation(NbdRequest request, String what) {
        return new IOException(request.describe() + ": protocol violation: " + what);
    }
}
