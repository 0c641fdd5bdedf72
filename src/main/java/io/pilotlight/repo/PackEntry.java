package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;

/**
 * One blob of a pack: its id (SHA-256 of the plaintext), where it is in the pack, and its sizes.
 * Encoded in 48 bytes, the same in pack headers and index files (docs/design.md §4).
 */
public record PackEntry(Hash id, BlobType type, int compression, int offset, int storedLength, int rawLength) {
    static final int BYTES = 48;

    public PackEntry {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        if (offset < 0 || storedLength < 0 || rawLength < 0) {
            throw new IllegalArgumentException("blob " + id.shortHex() + ": negative offset or length");
        }
    }

    void write(ByteBuffer out) {
        out.put((byte) type.code).put((byte) compression).putShort((short) 0);
        out.putInt(offset).putInt(storedLength).putInt(rawLength);
        id.copyTo(out.array(), out.arrayOffset() + out.position());
        out.position(out.position() + Hash.LENGTH);
    }

    /** Reads one entry; {@code where} names it in the error if it breaks a rule. */
    static PackEntry read(ByteBuffer in, String where) throws CorruptObjectException {
        BlobType type = BlobType.of(in.get() & 0xff);
        int compression = in.get() & 0xff;
        short reserved = in.getShort();
        int offset = in.getInt();
        int stored = in.getInt();
        int raw = in.getInt();
        Hash id = Hash.fromBytes(in.array(), in.arrayOffset() + in.position());
        in.position(in.position() + Hash.LENGTH);
        if (type == null || compression > Compression.ZSTD || reserved != 0 || offset < 0 || stored < 0 || raw < 0
                || raw > Compression.MAX_RAW) {
            throw new CorruptObjectException(where + " is invalid (type " + (in.get(in.position() - BYTES) & 0xff)
                    + ", compression " + compression + ", offset " + offset + ", stored " + stored + ", raw " + raw + ")");
        }
        return new PackEntry(id, type, compression, offset, stored, raw);
    }
}
