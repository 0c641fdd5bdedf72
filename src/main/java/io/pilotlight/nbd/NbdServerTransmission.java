package io.pilotlight.nbd;

import static io.pilotlight.nbd.NbdProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transmission phase of one connection: requests are answered in order. Reads come back as
 * structured OFFSET_DATA / OFFSET_HOLE chunks when agreed, else as simple replies; a read the export
 * cannot vouch for is EIO; a write is EPERM unless the export is writable, and FLUSH syncs it.
 */
final class NbdServerTransmission {
    private static final Logger LOG = LoggerFactory.getLogger(NbdServerTransmission.class);
    /** At most this many block-status descriptors in one reply. */
    private static final int MAX_DESCRIPTORS = 4096;
    private static final long MAX_DESCRIPTOR_LENGTH = 0x8000_0000L;

    private final ByteChannel channel;
    private final NbdExport export;
    private final boolean structured;
    private final boolean allocation;

    NbdServerTransmission(ByteChannel channel, NbdExport export, boolean structured, boolean allocation) {
        this.channel = channel;
        this.export = export;
        this.structured = structured;
        this.allocation = allocation;
    }

    void run() throws IOException {
        while (true) {
            ByteBuffer request = NbdWire.readExactly(channel, 28, "request header");
            if (request.getInt() != REQUEST_MAGIC) {
                throw new IOException("NBD request without the request magic");
            }
            int flags = Short.toUnsignedInt(request.getShort());
            int command = Short.toUnsignedInt(request.getShort());
            long handle = request.getLong();
            long offset = request.getLong();
            long length = Integer.toUnsignedLong(request.getInt());
            if (command == CMD_DISC) {
                return;
            }
            if (command == CMD_WRITE) {
                write(handle, offset, length);
                continue;
            }
            answer(command, flags, handle, offset, length);
        }
    }

    private void answer(int command, int flags, long handle, long offset, long length) throws IOException {
        boolean inRange = offset >= 0 && length <= export.size() && offset <= export.size() - length;
        switch (command) {
            case CMD_READ -> {
                if (!inRange || length > NbdServerSession.MAX_REQUEST) {
                    error(handle, EINVAL, "read of " + length + " bytes at " + offset + " is outside the export or too large");
                } else if (length == 0) {
                    done(handle); // nothing to read; the export is not asked about an empty range
                } else {
                    read(handle, offset, (int) length);
                }
            }
            case CMD_BLOCK_STATUS -> {
                if (!allocation || !structured) {
                    error(handle, EINVAL, "block status without an agreed meta context");
                } else if (!inRange || length == 0) {
                    error(handle, EINVAL, "block status of " + length + " bytes at " + offset + " is outside the export");
                } else {
                    blockStatus(handle, flags, offset, length);
                }
            }
            case CMD_FLUSH -> flush(handle);
            case CMD_CACHE -> done(handle);
            case 4, 6 -> error(handle, EPERM, commandName(command) + " is not supported");
            default -> error(handle, EINVAL, commandName(command) + " is not supported");
        }
    }

    private void read(long handle, long offset, int length) throws IOException {
        List<NbdExtent> extents;
        ByteBuffer data = ByteBuffer.allocate(length);
        try {
            extents = structured ? export.allocation(offset, length) : List.of();
            if (structured) {
                for (NbdExtent extent : extents) {
                    if ((extent.flags() & NbdExtent.ALLOCATION_ZERO) == 0) {
                        export.read(extent.offset(), data.duplicate().limit((int) (extent.end() - offset))
                                .position((int) (extent.offset() - offset)));
                    }
                }
            } else {
                export.read(offset, data.duplicate());
            }
        } catch (IOException e) {
            LOG.warn("NBD read of {} bytes at offset {}: {}", length, offset, e.getMessage());
            error(handle, EIO, "read at offset " + offset + " failed: " + e.getMessage());
            return;
        }
        if (!structured) {
            ByteBuffer header = ByteBuffer.allocate(16).putInt(SIMPLE_REPLY_MAGIC).putInt(0).putLong(handle).flip();
            NbdWire.writeFully(channel, header);
            NbdWire.writeFully(channel, data);
            return;
        }
        for (int i = 0; i < extents.size(); i++) {
            NbdExtent extent = extents.get(i);
            int flags = i == extents.size() - 1 ? REPLY_FLAG_DONE : 0;
            if ((extent.flags() & NbdExtent.ALLOCATION_ZERO) != 0) {
                chunk(flags, REPLY_TYPE_OFFSET_HOLE, handle, ByteBuffer.allocate(12).putLong(extent.offset())
                        .putInt((int) extent.length()).flip());
            } else {
                ByteBuffer payload = data.duplicate().limit((int) (extent.end() - offset))
                        .position((int) (extent.offset() - offset));
                chunk(flags, REPLY_TYPE_OFFSET_DATA, handle, 8 + payload.remaining(), extent.offset(), payload);
            }
        }
        if (extents.isEmpty()) {
            done(handle);
        }
    }

    /** Reads the payload (always, to stay in step), then writes it if the export allows. */
    private void write(long handle, long offset, long length) throws IOException {
        boolean inRange = offset >= 0 && length <= export.size() && offset <= export.size() - length;
        if (!export.writable() || !inRange || length > NbdServerSession.MAX_REQUEST) {
            skip(length);
            error(handle, export.writable() ? EINVAL : EPERM, export.writable() ? "write of " + length
                    + " bytes at " + offset + " is outside the export or too large" : "the export is read-only");
            return;
        }
        ByteBuffer data = ByteBuffer.allocate((int) length);
        NbdWire.readFully(channel, data, "write payload");
        try {
            export.write(offset, data.flip());
        } catch (IOException e) {
            LOG.warn("NBD write of {} bytes at offset {}: {}", length, offset, e.getMessage());
            error(handle, EIO, "write at offset " + offset + " failed: " + e.getMessage());
            return;
        }
        done(handle);
    }

    private void flush(long handle) throws IOException {
        try {
            export.flush();
        } catch (IOException e) {
            LOG.warn("NBD flush: {}", e.getMessage());
            error(handle, EIO, "flush failed: " + e.getMessage());
            return;
        }
        done(handle);
    }

    private void blockStatus(long handle, int flags, long offset, long length) throws IOException {
        List<NbdExtent> extents;
        try {
            extents = export.allocation(offset, length);
        } catch (IOException e) {
            error(handle, EIO, "block status at offset " + offset + " failed: " + e.getMessage());
            return;
        }
        int count = (flags & CMD_FLAG_REQ_ONE) != 0 ? 1 : Math.min(extents.size(), MAX_DESCRIPTORS);
        ByteBuffer payload = ByteBuffer.allocate(4 + 8 * count).putInt(NbdServerSession.BASE_ALLOCATION_ID);
        for (int i = 0; i < count; i++) {
            NbdExtent extent = extents.get(i);
            payload.putInt((int) Math.min(extent.length(), MAX_DESCRIPTOR_LENGTH)).putInt(extent.flags());
        }
        chunk(REPLY_FLAG_DONE, REPLY_TYPE_BLOCK_STATUS, handle, payload.flip());
    }

    private void done(long handle) throws IOException {
        if (structured) {
            chunk(REPLY_FLAG_DONE, REPLY_TYPE_NONE, handle, ByteBuffer.allocate(0));
        } else {
            NbdWire.writeFully(channel, ByteBuffer.allocate(16).putInt(SIMPLE_REPLY_MAGIC).putInt(0).putLong(handle).flip());
        }
    }

    private void error(long handle, int error, String message) throws IOException {
        if (!structured) {
            NbdWire.writeFully(channel, ByteBuffer.allocate(16).putInt(SIMPLE_REPLY_MAGIC).putInt(error)
                    .putLong(handle).flip());
            return;
        }
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, 1024);
        chunk(REPLY_FLAG_DONE, REPLY_TYPE_ERROR, handle, ByteBuffer.allocate(6 + length).putInt(error)
                .putShort((short) length).put(text, 0, length).flip());
    }

    private void chunk(int flags, int type, long handle, ByteBuffer payload) throws IOException {
        ByteBuffer header = header(flags, type, handle, payload.remaining());
        NbdWire.writeFully(channel, header);
        NbdWire.writeFully(channel, payload);
    }

    private void chunk(int flags, int type, long handle, int length, long offset, ByteBuffer data) throws IOException {
        ByteBuffer header = header(flags, type, handle, length);
        ByteBuffer withOffset = ByteBuffer.allocate(header.remaining() + 8).put(header).putLong(offset).flip();
        NbdWire.writeFully(channel, withOffset);
        NbdWire.writeFully(channel, data);
    }

    private static ByteBuffer header(int flags, int type, long handle, int length) {
        return ByteBuffer.allocate(20).putInt(STRUCTURED_REPLY_MAGIC).putShort((short) flags)
                .putShort((short) type).putLong(handle).putInt(length).flip();
    }

    private void skip(long length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
        while (length > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length));
            NbdWire.readFully(channel, buffer, "write payload");
            length -= buffer.limit();
        }
    }
}
