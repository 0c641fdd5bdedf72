package io.pilotlight.nbd;

import static io.pilotlight.nbd.NbdProtocol.*;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The server side of the fixed-newstyle handshake on one connection; on NBD_OPT_GO or
 * NBD_OPT_EXPORT_NAME it hands over to {@link NbdServerTransmission}.
 */
final class NbdServerSession {
    static final String BASE_ALLOCATION = "base:allocation";
    static final int BASE_ALLOCATION_ID = 1;
    static final int MIN_BLOCK = 1;
    static final int PREFERRED_BLOCK = 4096;
    static final int MAX_REQUEST = DEFAULT_MAX_REQUEST;
    private static final int MAX_OPTION_DATA = 64 << 10;

    private ByteChannel channel;
    private final String exportName;
    private final NbdExport export;
    private final Optional<SSLContext> tls;
    private boolean secured;
    private boolean structured;
    private boolean allocation;
    private boolean noZeroes;

    NbdServerSession(ByteChannel channel, String exportName, NbdExport export) {
        this(channel, exportName, export, Optional.empty());
    }

    /** With {@code tls}, every option but NBD_OPT_STARTTLS (and ABORT) is refused until TLS is on. */
    NbdServerSession(ByteChannel channel, String exportName, NbdExport export, Optional<SSLContext> tls) {
        this.channel = channel;
        this.exportName = exportName;
        this.export = export;
        this.tls = tls;
    }

    void run() throws IOException {
        ByteBuffer greeting = ByteBuffer.allocate(18).putLong(NBDMAGIC).putLong(IHAVEOPT)
                .putShort((short) (FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES)).flip();
        NbdWire.writeFully(channel, greeting);
        int clientFlags = NbdWire.readExactly(channel, 4, "client flags").getInt();
        if ((clientFlags & FLAG_FIXED_NEWSTYLE) == 0) {
            throw new IOException("NBD client without fixed-newstyle (flags " + clientFlags + "); refused");
        }
        noZeroes = (clientFlags & FLAG_NO_ZEROES) != 0;
        while (true) {
            ByteBuffer header = NbdWire.readExactly(channel, 16, "option header");
            if (header.getLong() != IHAVEOPT) {
                throw new IOException("NBD client sent an option without the IHAVEOPT magic");
            }
            int option = header.getInt();
            int length = header.getInt();
            if (length < 0 || length > MAX_OPTION_DATA) {
                throw new IOException("NBD " + optionName(option) + " with " + (length & 0xffffffffL)
                        + " bytes of data; at most " + MAX_OPTION_DATA + " accepted");
            }
            ByteBuffer data = NbdWire.readExactly(channel, length, optionName(option) + " data");
            if (handle(option, data)) {
                new NbdServerTransmission(channel, export, structured, allocation).run();
                return;
            }
        }
    }

    /** Answers one option; true when transmission begins. */
    private boolean handle(int option, ByteBuffer data) throws IOException {
        if (option == OPT_STARTTLS) {
            return startTls(data);
        }
        if (tls.isPresent() && !secured && option != OPT_ABORT) {
            if (option == OPT_EXPORT_NAME) {
                throw new IOException("NBD client asked for an export without TLS, which this server requires");
            }
            return error(option, REP_ERR_TLS_REQD, "this server requires TLS: send NBD_OPT_STARTTLS first");
        }
        switch (option) {
            case OPT_EXPORT_NAME -> {
                if (!knownExport(string(data, data.remaining()))) {
                    throw new IOException("NBD client asked for an unknown export by NBD_OPT_EXPORT_NAME");
                }
                ByteBuffer reply = ByteBuffer.allocate(noZeroes ? 10 : 134).putLong(export.size())
                        .putShort((short) transmissionFlags());
                NbdWire.writeFully(channel, reply.position(reply.limit()).flip());
                return true;
            }
            case OPT_ABORT -> {
                reply(option, REP_ACK, ByteBuffer.allocate(0));
                throw new EOFException("NBD client aborted the handshake");
            }
            case OPT_STRUCTURED_REPLY -> {
                if (data.hasRemaining()) {
                    return error(option, REP_ERR_INVALID, "NBD_OPT_STRUCTURED_REPLY takes no data");
                }
                structured = true;
                reply(option, REP_ACK, ByteBuffer.allocate(0));
                return false;
            }
            case OPT_LIST_META_CONTEXT, OPT_SET_META_CONTEXT -> {
                return metaContext(option, data);
            }
            case OPT_INFO, OPT_GO -> {
                return info(option, data);
            }
            default -> {
                return error(option, REP_ERR_UNSUP, optionName(option) + " is not supported by this server");
            }
        }
    }

    private boolean startTls(ByteBuffer data) throws IOException {
        if (tls.isEmpty()) {
            return error(OPT_STARTTLS, REP_ERR_UNSUP, "this server has no TLS certificate (serve --tls-keystore)");
        }
        if (secured || data.hasRemaining()) {
            return error(OPT_STARTTLS, REP_ERR_INVALID, secured ? "TLS is already on" : "NBD_OPT_STARTTLS takes no"
                    + " data");
        }
        if (!(channel instanceof SocketChannel socket)) {
            throw new IllegalStateException("TLS needs a socket, not " + channel);
        }
        reply(OPT_STARTTLS, REP_ACK, ByteBuffer.allocate(0));
        channel = TlsChannel.serverOver(socket, tls.get());
        secured = true;
        return false;
    }

    private boolean metaContext(int option, ByteBuffer data) throws IOException {
        if (option == OPT_SET_META_CONTEXT && !structured) {
            return error(option, REP_ERR_INVALID, "NBD_OPT_SET_META_CONTEXT needs NBD_OPT_STRUCTURED_REPLY first");
        }
        String name;
        int queries;
        try {
            name = string(data, data.getInt());
            queries = data.getInt();
        } catch (RuntimeException e) {
            return error(option, REP_ERR_INVALID, "malformed meta context request");
        }
        if (!knownExport(name)) {
            return error(option, REP_ERR_UNKNOWN, "no export named '" + name + "'");
        }
        boolean chosen = queries == 0 && option == OPT_LIST_META_CONTEXT;
        try {
            for (int i = 0; i < queries; i++) {
                String query = string(data, data.getInt());
                chosen |= query.equals(BASE_ALLOCATION) || (option == OPT_LIST_META_CONTEXT && query.equals("base:"));
            }
        } catch (RuntimeException e) {
            return error(option, REP_ERR_INVALID, "malformed meta context query");
        }
        if (chosen) {
            byte[] context = BASE_ALLOCATION.getBytes(StandardCharsets.UTF_8);
            reply(option, REP_META_CONTEXT, ByteBuffer.allocate(4 + context.length)
                    .putInt(BASE_ALLOCATION_ID).put(context).flip());
        }
        if (option == OPT_SET_META_CONTEXT) {
            allocation = chosen;
        }
        reply(option, REP_ACK, ByteBuffer.allocate(0));
        return false;
    }

    private boolean info(int option, ByteBuffer data) throws IOException {
        String name;
        try {
            name = string(data, data.getInt());
            int requests = Short.toUnsignedInt(data.getShort());
            data.position(data.position() + 2 * requests);
        } catch (RuntimeException e) {
            return error(option, REP_ERR_INVALID, "malformed " + optionName(option) + " request");
        }
        if (!knownExport(name)) {
            return error(option, REP_ERR_UNKNOWN, "no export named '" + name + "'; this server has '" + exportName + "'");
        }
        reply(option, REP_INFO, ByteBuffer.allocate(12).putShort((short) INFO_EXPORT).putLong(export.size())
                .putShort((short) transmissionFlags()).flip());
        reply(option, REP_INFO, ByteBuffer.allocate(14).putShort((short) INFO_BLOCK_SIZE).putInt(MIN_BLOCK)
                .putInt(PREFERRED_BLOCK).putInt(MAX_REQUEST).flip());
        reply(option, REP_ACK, ByteBuffer.allocate(0));
        return option == OPT_GO;
    }

    private int transmissionFlags() {
        return TRANSMISSION_HAS_FLAGS | TRANSMISSION_CAN_MULTI_CONN
                | (export.writable() ? TRANSMISSION_SEND_FLUSH : TRANSMISSION_READ_ONLY);
    }

    private boolean knownExport(String name) {
        return name.isEmpty() || name.equals(exportName);
    }

    private boolean error(int option, int type, String message) throws IOException {
        reply(option, type, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
        return false;
    }

    private void reply(int option, int type, ByteBuffer payload) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(20).putLong(OPTION_REPLY_MAGIC).putInt(option).putInt(type)
                .putInt(payload.remaining()).flip();
        NbdWire.writeFully(channel, header);
        NbdWire.writeFully(channel, payload);
    }

    private static String string(ByteBuffer data, int length) {
        if (length < 0 || length > MAX_STRING || length > data.remaining()) {
            throw new IllegalArgumentException("string of " + length + " bytes, " + data.remaining() + " left");
        }
        byte[] bytes = new byte[length];
        data.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
