package io.pilotlight.nbd;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** Whole-buffer reads and writes on a blocking channel. */
final class NbdWire {
    private NbdWire() {
    }

    /** Fills {@code buffer} up to its limit; a hang-up before that is an {@link EOFException} naming {@code what}. */
    static void readFully(ReadableByteChannel channel, ByteBuffer buffer, String what) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("server hung up with " + buffer.remaining() + " bytes of " + what + " unread");
            }
        }
    }

    static ByteBuffer readExactly(ReadableByteChannel channel, int length, String what) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        readFully(channel, buffer, what);
        return buffer.flip();
    }

    static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
