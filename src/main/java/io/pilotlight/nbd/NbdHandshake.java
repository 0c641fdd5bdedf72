package io.pilotlight.nbd;

import static io.pilotlight.nbd.NbdProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixed-newstyle handshake, client side: structured replies, meta contexts, then GO with a request
 * for block sizes (EXPORT_NAME when the server does not know GO).
 */
final class NbdHandshake {
    private static final Logger LOG = LoggerFactory.getLogger(NbdHandshake.class);
    /** Option replies we accept: INFO and META_CONTEXT replies are tiny; anything larger is garbage. */
    private static final int MAX_OPTION_REPLY = 64 * 1024;

    /** What the server agreed to. {@code contexts} maps each agreed meta context to the server's id for it. */
    record Session(long size, int transmissionFlags, int minimumBlock, int maxRequest, boolean structuredReplies,
                   Map<String, Integer> contexts) {
    }

    private record OptionReply(int type, ByteBuffer data) {
        boolean isError() {
            return (type & REP_FLAG_ERROR) != 0;
        }
    }

    private final ByteChannel channel;
    private final String export;
    private final byte[] exportBytes;
    private boolean noZeroes;

    private NbdHandshake(ByteChannel channel, String export) {
        this.channel = channel;
        this.export = export;
        this.exportBytes = export.getBytes(StandardCharsets.UTF_8);
    }

    static Session negotiate(ByteChannel channel, String export, List<String> metaContexts) throws IOException {
        return new NbdHandshake(channel, export).negotiate(metaContexts);
    }

    private Session negotiate(List<String> metaContexts) throws IOException {
        greet();
        // NBD_OPT_STARTTLS would go here: send it first, on ACK wrap the channel in an SSLEngine and
        // run every later option over TLS (proto.md "TLS support", client-side requirements).
        boolean structured = structuredReplies();
        Map<String, Integer> contexts = Map.of();
        if (!metaContexts.isEmpty()) {
            if (structured) {
                contexts = setMetaContexts(metaContexts);
            } else {
                LOG.warn("NBD export '{}': server has no structured replies, so no meta contexts {}", export, metaContexts);
            }
        }
        return go(structured, contexts);
    }

    private void greet() throws IOException {
        ByteBuffer hello = NbdWire.readExactly(channel, 18, "the server's greeting");
        long magic = hello.getLong();
        long style = hello.getLong();
        if (magic != NBDMAGIC) {
            throw failure(String.format("not an NBD server (greeting magic 0x%016x)", magic));
        }
        if (style == OLDSTYLE_MAGIC) {
            throw failure("server speaks the oldstyle handshake, which is not supported (need fixed newstyle)");
        }
        if (style != IHAVEOPT) {
            throw failure(String.format("unknown handshake style 0x%016x", style));
        }
        int flags = Short.toUnsignedInt(hello.getShort());
        if ((flags & FLAG_FIXED_NEWSTYLE) == 0) {
            throw failure("server does not offer the fixed newstyle handshake");
        }
        noZeroes = (flags & FLAG_NO_ZEROES) != 0;
        int clientFlags = FLAG_FIXED_NEWSTYLE | (noZeroes ? FLAG_NO_ZEROES : 0);
        NbdWire.writeFully(channel, ByteBuffer.allocate(4).putInt(clientFlags).flip());
    }

    private boolean structuredReplies() throws IOException {
        sendOption(OPT_STRUCTURED_REPLY, ByteBuffer.allocate(0));
        OptionReply reply = readOptionReply(OPT_STRUCTURED_REPLY);
        if (reply.isError()) {
            LOG.warn("NBD export '{}': server refused structured replies: {}", export, describe(reply));
            return false;
        }
        expectAck(OPT_STRUCTURED_REPLY, reply);
        return true;
    }

    private Map<String, Integer> setMetaContexts(List<String> queries) throws IOException {
        int length = 4 + exportBytes.length + 4;
        for (String query : queries) {
            length += 4 + query.getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer data = ByteBuffer.allocate(length).putInt(exportBytes.length).put(exportBytes).putInt(queries.size());
        for (String query : queries) {
            byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
            data.putInt(bytes.length).put(bytes);
        }
        sendOption(OPT_SET_META_CONTEXT, data.flip());
        Map<String, Integer> agreed = new LinkedHashMap<>();
        while (true) {
            OptionReply reply = readOptionReply(OPT_SET_META_CONTEXT);
            if (reply.isError()) {
                LOG.warn("NBD export '{}': server refused meta contexts {}: {}", export, queries, describe(reply));
                return Map.of();
            }
            if (reply.type() == REP_ACK) {
                break;
            }
            if (reply.type() != REP_META_CONTEXT || reply.data().remaining() < 4) {
                throw failure("unexpected reply " + reply.type() + " of " + reply.data().remaining()
                        + " bytes to NBD_OPT_SET_META_CONTEXT");
            }
            int id = reply.data().getInt();
            agreed.put(StandardCharsets.UTF_8.decode(reply.data()).toString(), id);
        }
        for (String query : queries) {
            if (!agreed.containsKey(query)) {
                LOG.warn("NBD export '{}': server does not offer meta context '{}' (offers {})", export, query,
                        agreed.keySet());
            }
        }
        return Map.copyOf(agreed);
    }

    private Session go(boolean structured, Map<String, Integer> contexts) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4 + exportBytes.length + 2 + 2)
                .putInt(exportBytes.length).put(exportBytes).putShort((short) 1).putShort((short) INFO_BLOCK_SIZE);
        sendOption(OPT_GO, data.flip());
        long size = -1;
        int transmissionFlags = 0;
        int minimumBlock = 1;
        int maxRequest = DEFAULT_MAX_REQUEST;
        while (true) {
            OptionReply reply = readOptionReply(OPT_GO);
            if (reply.type() == REP_FLAG_ERROR + 1) {
                return exportName(structured, contexts);
            }
            if (reply.isError()) {
                throw new NbdException(export, "NBD export '" + export + "': server refused NBD_OPT_GO: " + describe(reply));
            }
            if (reply.type() == REP_ACK) {
                break;
            }
            ByteBuffer info = reply.data();
            if (reply.type() != REP_INFO || info.remaining() < 2) {
                throw failure("unexpected reply " + reply.type() + " to NBD_OPT_GO");
            }
            int infoType = Short.toUnsignedInt(info.getShort());
            if (infoType == INFO_EXPORT && info.remaining() >= 10) {
                size = info.getLong();
                transmissionFlags = Short.toUnsignedInt(info.getShort());
            } else if (infoType == INFO_BLOCK_SIZE && info.remaining() >= 12) {
                minimumBlock = info.getInt();
                info.getInt();
                long maximum = Integer.toUnsignedLong(info.getInt());
                maxRequest = (int) Math.min(maximum, DEFAULT_MAX_REQUEST);
            }
        }
        if (size < 0) {
            throw failure("server finished NBD_OPT_GO without NBD_INFO_EXPORT (no export size)");
        }
        return session(size, transmissionFlags, minimumBlock, maxRequest, structured, contexts);
    }

    /** The pre-GO way into transmission: no error reply is possible, the server hangs up instead. */
    private Session exportName(boolean structured, Map<String, Integer> contexts) throws IOException {
        sendOption(OPT_EXPORT_NAME, ByteBuffer.wrap(exportBytes));
        ByteBuffer reply = NbdWire.readExactly(channel, 10 + (noZeroes ? 0 : 124), "the NBD_OPT_EXPORT_NAME reply");
        long size = reply.getLong();
        int flags = Short.toUnsignedInt(reply.getShort());
        return session(size, flags, 1, DEFAULT_MAX_REQUEST, structured, contexts);
    }

    private Session session(long size, int flags, int minimumBlock, int maxRequest, boolean structured,
                            Map<String, Integer> contexts) throws IOException {
        if (size < 0 || minimumBlock < 1 || Integer.bitCount(minimumBlock) != 1 || maxRequest < minimumBlock) {
            throw failure("server sent impossible sizes: export " + Long.toUnsignedString(size) + " bytes, minimum block "
                    + Integer.toUnsignedString(minimumBlock) + ", maximum request " + maxRequest);
        }
        return new Session(size, flags, minimumBlock, maxRequest, structured, contexts);
    }

    private void sendOption(int option, ByteBuffer data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(16 + data.remaining());
        header.putLong(IHAVEOPT).putInt(option).putInt(data.remaining()).put(data);
        NbdWire.writeFully(channel, header.flip());
    }

    private OptionReply readOptionReply(int option) throws IOException {
        String what = "the reply to " + optionName(option);
        ByteBuffer header = NbdWire.readExactly(channel, 20, what);
        long magic = header.getLong();
        int repliedOption = header.getInt();
        int type = header.getInt();
        long length = Integer.toUnsignedLong(header.getInt());
        if (magic != OPTION_REPLY_MAGIC || repliedOption != option) {
            throw failure(String.format("bad option reply (magic 0x%016x, option %d) to %s", magic, repliedOption,
                    optionName(option)));
        }
        if (length > MAX_OPTION_REPLY) {
            throw failure("option reply of " + length + " bytes to " + optionName(option) + " exceeds "
                    + MAX_OPTION_REPLY);
        }
        return new OptionReply(type, NbdWire.readExactly(channel, (int) length, what));
    }

    private void expectAck(int option, OptionReply reply) throws IOException {
        if (reply.type() != REP_ACK) {
            throw failure("expected NBD_REP_ACK to " + optionName(option) + ", got reply " + reply.type());
        }
    }

    private static String describe(OptionReply reply) {
        String message = StandardCharsets.UTF_8.decode(reply.data()).toString();
        return optionReplyName(reply.type()) + (message.isEmpty() ? "" : ": " + message);
    }

    private IOException failure(String message) {
        return new IOException("NBD export '" + export + "': handshake failed: " + message);
    }
}
