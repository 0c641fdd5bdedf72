package io.pilotlight.repo;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The frame around every repository object that is not a pack (config, index, manifest, lease, drill record,
 * screenshot):
 * magic, type, flags, payload, and a SHA-256 of everything before it. See docs/design.md.
 */
final class Envelope {
    static final byte[] MAGIC = "PLT1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 12;
    static final int FLAG_ZSTD = 1;
    static final int FLAGS_KNOWN = FLAG_ZSTD;
    private static final int MAX_PAYLOAD = 1 << 30;

    enum Type {
        CONFIG(1), INDEX(2), MANIFEST(3), LEASE(4), GROUP(5), PLAN(6), DRILL(7), SCREENSHOT(8);

        final int code;

        Type(int code) {
            this.code = code;
        }
    }

    private Envelope() {}

    static byte[] seal(Type type, byte[] payload, boolean compress) {
        byte[] body = compress ? Zstd.compress(payload, 3) : payload;
        ByteBuffer out = ByteBuffer.allocate(HEADER + (compress ? 4 : 0) + body.length + Hash.LENGTH);
        out.put(MAGIC).put((byte) type.code).put((byte) (compress ? FLAG_ZSTD : 0)).putShort((short) 0);
        out.putInt(body.length + (compress ? 4 : 0));
        if (compress) {
            out.putInt(payload.length);
        }
        out.put(body);
        Hash.of(out.array(), 0, out.position()).copyTo(out.array(), out.position());
        return out.array();
    }

    /** Checks and unwraps an object read from {@code key}; any fault names the key and the rule. */
    static byte[] open(Type type, String key, byte[] object) throws CorruptObjectException {
        if (object.length < HEADER + Hash.LENGTH) {
            throw new CorruptObjectException(key + ": truncated (" + object.length + " bytes, a frame needs at least "
                    + (HEADER + Hash.LENGTH) + ")");
        }
        if (!Arrays.equals(object, 0, 4, MAGIC, 0, 4)) {
            throw new CorruptObjectException(key + ": not a pilotlight object (magic is not PLT1)");
        }
        ByteBuffer in = ByteBuffer.wrap(object);
        in.position(4);
        int typeCode = in.get() & 0xff;
        int flags = in.get() & 0xff;
        in.getShort();
        int length = in.getInt();
        if (length < 0 || length > MAX_PAYLOAD || HEADER + (long) length + Hash.LENGTH != object.length) {
            throw new CorruptObjectException(key + ": payload length " + length + " does not match object size "
                    + object.length + " (truncated or extended)");
        }
        if (!Hash.of(object, 0, HEADER + length).equalsAt(object, HEADER + length)) {
            throw new CorruptObjectException(key + ": checksum mismatch (SHA-256 of the frame does not match)");
        }
        if (typeCode != type.code) {
            throw new CorruptObjectException(key + ": object type " + typeCode + " where " + type + " ("
                    + type.code + ") is expected");
        }
        if ((flags & ~FLAGS_KNOWN) != 0) {
            throw new CorruptObjectException(key + ": unknown flags 0x" + Integer.toHexString(flags)
                    + " (written by a newer pilotlight, or encrypted)");
        }
        if ((flags & FLAG_ZSTD) == 0) {
            return Arrays.copyOfRange(object, HEADER, HEADER + length);
        }
        if (length < 4) {
            throw new CorruptObjectException(key + ": compressed payload without its length");
        }
        int rawLength = in.getInt();
        return Compression.decompress(key, object, HEADER + 4, length - 4, rawLength);
    }
}
