package io.pilotlight.repo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The pack layout: blobs one after another, then a header of fixed-size entries, then a trailer
 * (header SHA-256, entry count, version, magic). See docs/design.md, "Packs".
 */
final class Pack {
    static final byte[] MAGIC = "PLP1".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int ENTRY = PackEntry.BYTES;
    static final int TRAILER = Hash.LENGTH + 4 + 4 + 4;

    private Pack() {}

    /**
     * Assembles packs one after another: copies each blob it is given into one buffer it keeps and
     * reuses for the next pack ({@link #reset}), and lays out each pack once, in an array of the pack's
     * exact size, when finished: per pack one allocation, whatever its number of blobs. Not thread-safe.
     */
    static final class Builder {
        private final List<PackEntry> entries = new ArrayList<>();
        /** The size the buffer takes when the first blob comes (it grows past it as needed). */
        private final int expectedSize;
        /** The blobs of the pack being built, {@code [0, length)}; past that, bytes of earlier packs. */
        private byte[] data = new byte[0];
        private int length;

        Builder() {
            this(0);
        }

        /** A builder whose buffer, made when the first blob comes, holds {@code expectedSize} bytes. */
        Builder(int expectedSize) {
            this.expectedSize = expectedSize;
        }

        /** Adds a blob: copies {@code storedLength} bytes of {@code stored} from {@code offset}. */
        void add(Hash id, BlobType type, int compression, byte[] stored, int offset, int storedLength, int rawLength) {
            Objects.checkFromIndexSize(offset, storedLength, stored.length);
            if ((long) length + storedLength + (long) (entries.size() + 1) * ENTRY + TRAILER > Integer.MAX_VALUE) {
                throw new IllegalStateException("pack of " + entries.size() + " blobs and " + length
                        + " bytes cannot take " + storedLength + " more bytes");
            }
            if (data.length - length < storedLength) {
                long grown = Math.max((long) length + storedLength,
                        Math.max(expectedSize, (long) data.length + (data.length >> 1)));
                data = Arrays.copyOf(data, (int) Math.min(grown, Integer.MAX_VALUE - 8));
            }
            System.arraycopy(stored, offset, data, length, storedLength);
            entries.add(new PackEntry(id, type, compression, length, storedLength, rawLength));
            length += storedLength;
        }

        /** Adds a blob whose stored form is the whole of {@code stored}. */
        void add(Hash id, BlobType type, int compression, byte[] stored, int rawLength) {
            add(id, type, compression, stored, 0, stored.length, rawLength);
        }

        int size() {
            return length + entries.size() * ENTRY + TRAILER;
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }

        List<PackEntry> entries() {
            return List.copyOf(entries);
        }

        /** Starts the next pack: no blobs; the buffer is kept, its old bytes are never read again. */
        void reset() {
            entries.clear();
            length = 0;
        }

        /**
         * The finished pack bytes (a new array: the builder's buffer is not the pack); checks its own
         * header before anyone persists it. The builder keeps its blobs: a blob may be added and the
         * pack finished again.
         */
        byte[] finish() throws CorruptObjectException {
            byte[] pack = new byte[size()];
            System.arraycopy(data, 0, pack, 0, length);
            byte[] header = encodeHeader(entries);
            ByteBuffer out = ByteBuffer.wrap(pack, length, header.length + TRAILER);
            out.put(header);
            Hash.of(header).copyTo(pack, out.position());
            out.position(out.position() + Hash.LENGTH);
            out.putInt(entries.size()).putInt(VERSION).put(MAGIC);
            if (!readHeader("pack being written", pack).equals(entries)) {
                throw new IllegalStateException("pack header does not decode to what was written");
            }
            return pack;
        }
    }

    private static byte[] encodeHeader(List<PackEntry> entries) {
        ByteBuffer header = ByteBuffer.allocate(entries.size() * ENTRY);
        for (PackEntry entry : entries) {
            entry.write(header);
        }
        return header.array();
    }

    /** Header length of a pack whose last {@link #TRAILER} bytes are {@code trailer}. */
    static int headerLength(String key, byte[] trailer, long packSize) throws CorruptObjectException {
        if (trailer.length != TRAILER || !Arrays.equals(trailer, TRAILER - 4, TRAILER, MAGIC, 0, 4)) {
            throw new CorruptObjectException("pack " + key + ": no pack trailer (magic PLP1 missing)");
        }
        ByteBuffer in = ByteBuffer.wrap(trailer, Hash.LENGTH, 8);
        int count = in.getInt();
        int version = in.getInt();
        if (version != VERSION) {
            throw new CorruptObjectException("pack " + key + ": version " + version + " is not " + VERSION);
        }
        if (count < 0 || (long) count * ENTRY + TRAILER > packSize) {
            throw new CorruptObjectException("pack " + key + ": " + count + " entries do not fit in " + packSize + " bytes");
        }
        return count * ENTRY;
    }

    /** Decodes and checks the header of a whole pack. */
    static List<PackEntry> readHeader(String key, byte[] pack) throws CorruptObjectException {
        if (pack.length < TRAILER) {
            throw new CorruptObjectException("pack " + key + ": truncated (" + pack.length + " bytes)");
        }
        byte[] trailer = Arrays.copyOfRange(pack, pack.length - TRAILER, pack.length);
        int headerLength = headerLength(key, trailer, pack.length);
        int headerStart = pack.length - TRAILER - headerLength;
        return decodeHeader(key, Arrays.copyOfRange(pack, headerStart, headerStart + headerLength), trailer, headerStart);
    }

    /** Decodes a header given its trailer; {@code dataLength} is where the header starts. */
    static List<PackEntry> decodeHeader(String key, byte[] header, byte[] trailer, int dataLength)
            throws CorruptObjectException {
        if (!Hash.of(header).equalsAt(trailer, 0)) {
            throw new CorruptObjectException("pack " + key + ": header checksum mismatch");
        }
        ByteBuffer in = ByteBuffer.wrap(header);
        List<PackEntry> entries = new ArrayList<>(header.length / ENTRY);
        long expectedOffset = 0;
        while (in.hasRemaining()) {
            PackEntry entry = PackEntry.read(in, "pack " + key + ": header entry " + entries.size());
            if (entry.offset() != expectedOffset) {
                throw new CorruptObjectException("pack " + key + ": header entry " + entries.size() + " is invalid"
                        + " (offset " + entry.offset() + " where the previous blob ends at " + expectedOffset + ")");
            }
            expectedOffset += entry.storedLength();
            entries.add(entry);
        }
        if (expectedOffset != dataLength) {
            throw new CorruptObjectException("pack " + key + ": blobs cover " + expectedOffset + " bytes, data is "
                    + dataLength);
        }
        return entries;
    }

    /** Turns a stored blob back into its plaintext and checks it against its id. */
    static byte[] decodeBlob(String where, PackEntry entry, byte[] stored) throws CorruptObjectException {
        return decodeBlob(where, entry, stored, 0, ContentIds.SHA256);
    }

    /**
     * The same, for a blob stored at {@code offset} of {@code source}; without {@code checkId} the
     * caller proves the plaintext some other way ({@link Repository#readBatchForGrainChecks}).
     */
    static byte[] decodeBlob(String where, PackEntry entry, byte[] stored, ContentIds ids)
            throws CorruptObjectException {
        return decodeBlob(where, entry, stored, 0, ids);
    }

    /** The same, checking the id with {@code ids} unless it is null. */
    static byte[] decodeBlob(String where, PackEntry entry, byte[] source, int offset, ContentIds ids)
            throws CorruptObjectException {
        ByteBuffer view = blobView(where, entry, source, offset);
        byte[] plain = view.arrayOffset() == 0 && view.remaining() == view.array().length ? view.array()
                : Arrays.copyOfRange(view.array(), view.arrayOffset(), view.arrayOffset() + view.remaining());
        if (ids != null && !ids.of(plain).equals(entry.id())) {
            throw new CorruptObjectException(where + ": checksum mismatch (content does not hash to its id)");
        }
        return plain;
    }

    /**
     * The plaintext of a blob stored at {@code offset} of {@code source}, not checked against its id:
     * a view of {@code source} when stored uncompressed (no copy), else the decompressed bytes.
     */
    static ByteBuffer blobView(String where, PackEntry entry, byte[] source, int offset)
            throws CorruptObjectException {
        int length = entry.storedLength();
        if (offset < 0 || (long) offset + length > source.length) {
            throw new CorruptObjectException(where + ": truncated (" + Math.max(0, source.length - offset) + " of "
                    + length + " stored bytes)");
        }
        ByteBuffer plain = switch (entry.compression()) {
            case Compression.NONE -> ByteBuffer.wrap(source, offset, length).slice();
            case Compression.ZSTD -> ByteBuffer.wrap(Compression.decompress(where, source, offset, length,
                    entry.rawLength()));
            default -> throw new CorruptObjectException(where + ": unknown compression " + entry.compression());
        };
        if (plain.remaining() != entry.rawLength()) {
            throw new CorruptObjectException(where + ": holds " + plain.remaining() + " bytes, the index records "
                    + entry.rawLength());
        }
        return plain;
    }
}
