package io.pilotlight.nbd;

/** Numbers of the NBD protocol (NetworkBlockDevice/nbd doc/proto.md), all big-endian on the wire. */
final class NbdProtocol {
    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454f5054L;
    static final long OLDSTYLE_MAGIC = 0x0000420281861253L;
    static final long OPTION_REPLY_MAGIC = 0x0003e889045565a9L;
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;

    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 2;

    static final int OPT_EXPORT_NAME = 1;
    static final int OPT_ABORT = 2;
    static final int OPT_STARTTLS = 5;
    static final int OPT_GO = 7;
    static final int OPT_STRUCTURED_REPLY = 8;
    static final int OPT_INFO = 6;
    static final int OPT_LIST_META_CONTEXT = 9;
    static final int OPT_SET_META_CONTEXT = 10;

    static final int REP_ACK = 1;
    static final int REP_INFO = 3;
    static final int REP_META_CONTEXT = 4;
    static final int REP_FLAG_ERROR = 1 << 31;
    static final int REP_ERR_UNSUP = REP_FLAG_ERROR + 1;
    static final int REP_ERR_INVALID = REP_FLAG_ERROR + 3;
    static final int REP_ERR_TLS_REQD = REP_FLAG_ERROR + 5;
    static final int REP_ERR_UNKNOWN = REP_FLAG_ERROR + 6;

    static final int INFO_EXPORT = 0;
    static final int INFO_BLOCK_SIZE = 3;

    static final int TRANSMISSION_HAS_FLAGS = 1;
    static final int TRANSMISSION_READ_ONLY = 2;
    static final int TRANSMISSION_SEND_FLUSH = 4;
    static final int TRANSMISSION_CAN_MULTI_CONN = 1 << 8;

    static final int CMD_FLAG_REQ_ONE = 1 << 3;
    static final int CMD_WRITE = 1;
    static final int CMD_FLUSH = 3;
    static final int CMD_CACHE = 5;

    static final int EPERM = 1;
    static final int EIO = 5;
    static final int EINVAL = 22;
    static final int ENOTSUP = 95;

    static final int CMD_READ = 0;
    static final int CMD_DISC = 2;
    static final int CMD_BLOCK_STATUS = 7;

    static final int REPLY_FLAG_DONE = 1;
    static final int REPLY_TYPE_NONE = 0;
    static final int REPLY_TYPE_OFFSET_DATA = 1;
    static final int REPLY_TYPE_OFFSET_HOLE = 2;
    static final int REPLY_TYPE_BLOCK_STATUS = 5;
    static final int REPLY_TYPE_ERROR_BIT = 1 << 15;
    static final int REPLY_TYPE_ERROR = REPLY_TYPE_ERROR_BIT + 1;
    static final int REPLY_TYPE_ERROR_OFFSET = REPLY_TYPE_ERROR_BIT + 2;

    /** The largest payload we ask for or accept when the server names none. */
    static final int DEFAULT_MAX_REQUEST = 32 << 20;
    /** Strings (export names, messages, context names) MUST be ≤ 4096 bytes. */
    static final int MAX_STRING = 4096;

    private NbdProtocol() {
    }

    static String commandName(int command) {
        return switch (command) {
            case CMD_READ -> "NBD_CMD_READ";
            case CMD_DISC -> "NBD_CMD_DISC";
            case CMD_BLOCK_STATUS -> "NBD_CMD_BLOCK_STATUS";
            default -> "NBD command " + command;
        };
    }

    static String optionName(int option) {
        return switch (option) {
            case OPT_EXPORT_NAME -> "NBD_OPT_EXPORT_NAME";
            case OPT_ABORT -> "NBD_OPT_ABORT";
            case OPT_STARTTLS -> "NBD_OPT_STARTTLS";
            case OPT_GO -> "NBD_OPT_GO";
            case OPT_STRUCTURED_REPLY -> "NBD_OPT_STRUCTURED_REPLY";
            case OPT_SET_META_CONTEXT -> "NBD_OPT_SET_META_CONTEXT";
            default -> "NBD option " + option;
        };
    }

    static String optionReplyName(int reply) {
        return switch (reply) {
            case REP_FLAG_ERROR + 1 -> "NBD_REP_ERR_UNSUP (option not supported)";
            case REP_FLAG_ERROR + 2 -> "NBD_REP_ERR_POLICY (forbidden by server policy)";
            case REP_FLAG_ERROR + 3 -> "NBD_REP_ERR_INVALID (invalid request)";
            case REP_FLAG_ERROR + 4 -> "NBD_REP_ERR_PLATFORM (not supported on this platform)";
            case REP_FLAG_ERROR + 5 -> "NBD_REP_ERR_TLS_REQD (server requires TLS)";
            case REP_FLAG_ERROR + 6 -> "NBD_REP_ERR_UNKNOWN (no such export)";
            case REP_FLAG_ERROR + 7 -> "NBD_REP_ERR_SHUTDOWN (server is shutting down)";
            case REP_FLAG_ERROR + 8 -> "NBD_REP_ERR_BLOCK_SIZE_REQD (server requires block size negotiation)";
            case REP_FLAG_ERROR + 9 -> "NBD_REP_ERR_TOO_BIG (request or reply too large)";
            default -> String.format("option reply 0x%08x", reply);
        };
    }

    static String errorName(int error) {
        return switch (error) {
            case 1 -> "EPERM";
            case 5 -> "EIO";
            case 12 -> "ENOMEM";
            case 22 -> "EINVAL";
            case 28 -> "ENOSPC";
            case 75 -> "EOVERFLOW";
            case 95 -> "ENOTSUP";
            case 108 -> "ESHUTDOWN";
            default -> "NBD error " + error;
        };
    }
}
