package io.pilotlight.repo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * This host's table of a repository's index (docs/design.md §15a, "The lazily read table"): the
 * entries of the index files it covers, sorted by blob id, in one file a run memory-maps and
 * binary-searches, so that neither its heap nor its decoding grows with the number of index files.
 * Derived only from index files that passed their checks; immutable once written (a new table is
 * written beside it and renamed over it, {@link IndexTableWriter}).
 *
 * <p>Layout, big-endian: a header of 32 bytes ({@code PLIXTAB1}, version u32 = 2, file count, pack
 * count and entry count u32, CRC32C of the body u32, CRC32C of the 28 header bytes before it u32),
 * then the body: the index files covered (40 bytes each: the id, then the time of a time-named file
 * in UTC milliseconds or -1 for an old hex name; sorted), the pack ids (32 bytes each), and the entries (52 bytes each, §5's layout: pack ordinal u32, then the 48 bytes of a pack
 * header entry), sorted by blob id. Both CRCs are checked when the table is opened: a damaged table
 * is refused whole, never half believed.
 */
final class IndexTable {
    static final byte[] MAGIC = {'P', 'L', 'I', 'X', 'T', 'A', 'B', '1'};
    static final int VERSION = 2;
    static final int HEADER = 32;
    /** A covered file: its id and its time (UTC ms, -1 for a hex name). */
    static final int FILE = Hash.LENGTH + 8;
    static final int ENTRY = 4 + PackEntry.BYTES;

    private final Path file;
    private final ByteBuffer buffer;
    private final int files;
    private final int packs;
    private final int entries;

    private IndexTable(Path file, ByteBuffer buffer, int files, int packs, int entries) {
        this.file = file;
        this.buffer = buffer;
        this.files = files;
        this.packs = packs;
        this.entries = entries;
    }

    /** The table in {@code file}; empty when there is none; fails when it is damaged. */
    static Optional<IndexTable> open(Path file) throws IOException {
        MappedByteBuffer buffer;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (buffer.capacity() < HEADER || !Arrays.equals(MAGIC, bytes(buffer, 0, MAGIC.length))) {
            throw new CorruptObjectException("index table " + file + " has no table header");
        }
        if (crc(buffer, 0, HEADER - 4) != buffer.getInt(HEADER - 4)) {
            throw new CorruptObjectException("index table " + file + ": header checksum fails");
        }
        if (buffer.getInt(8) != VERSION) {
            return Optional.empty(); // an older table: rebuilt from the cached copies, as when there is none
        }
        int files = buffer.getInt(12);
        int packs = buffer.getInt(16);
        int entries = buffer.getInt(20);
        long length = HEADER + (long) files * FILE + (long) packs * Hash.LENGTH + (long) entries * ENTRY;
        if (files < 0 || packs < 0 || entries < 0 || length != buffer.capacity()) {
            throw new CorruptObjectException("index table " + file + ": " + buffer.capacity() + " bytes do not hold "
                    + files + " files, " + packs + " packs and " + entries + " entries");
        }
        if (crc(buffer, HEADER, buffer.capacity() - HEADER) != buffer.getInt(24)) {
            throw new CorruptObjectException("index table " + file + ": body checksum fails");
        }
        return Optional.of(new IndexTable(file, buffer, files, packs, entries));
    }

    static int crc(ByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(offset, length));
        return (int) crc.getValue();
    }

    private static byte[] bytes(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return bytes;
    }

    Path file() {
        return file;
    }

    int entryCount() {
        return entries;
    }

    int packCount() {
        return packs;
    }

    /** The CRC32C of the body: which table a record of this host's last listing (§15a) is about. */
    int bodyCrc() {
        return buffer.getInt(24);
    }

    /** Whether the table covers index file {@code key}. */
    boolean covers(String key) {
        Optional<byte[]> record = IndexNames.parse(key).map(IndexTable::record);
        if (record.isEmpty()) {
            return false;
        }
        int low = 0;
        int high = files - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = Arrays.compareUnsigned(fileRecord(middle), record.get());
            if (order == 0) {
                return true;
            } else if (order < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return false;
    }

    /** The 40 bytes that stand for index file {@code name} in a table. */
    static byte[] record(IndexNames.Name name) {
        ByteBuffer record = ByteBuffer.allocate(FILE);
        name.id().copyTo(record.array(), 0);
        record.putLong(Hash.LENGTH, name.time().map(java.time.Instant::toEpochMilli).orElse(-1L));
        return record.array();
    }

    /** Each index file covered, as its key, in record order. */
    void forEachFile(Consumer<String> action) {
        for (int i = 0; i < files; i++) {
            ByteBuffer record = ByteBuffer.wrap(fileRecord(i));
            Hash id = Hash.fromBytes(record.array(), 0);
            long time = record.getLong(Hash.LENGTH);
            action.accept(time < 0 ? IndexNames.hex(id) : IndexNames.timed(java.time.Instant.ofEpochMilli(time), id));
        }
    }

    /** Covered file {@code i} (record order), raw: its id and time. */
    byte[] fileRecord(int i) {
        return bytes(buffer, fileAt(i), FILE);
    }

    int fileCount() {
        return files;
    }

    Hash pack(int ordinal) {
        return Hash.fromBytes(bytes(buffer, HEADER + files * FILE + ordinal * Hash.LENGTH, Hash.LENGTH), 0);
    }

    /** Entry {@code i} in id order: its raw 52 bytes (pack ordinal, then the pack header entry). */
    byte[] entry(int i) {
        return bytes(buffer, entryAt(i), ENTRY);
    }

    /** Where the table says {@code blob} is, by binary search. */
    Optional<Index.Location> find(Hash blob) {
        int at = search(blob);
        if (at < 0) {
            return Optional.empty();
        }
        byte[] raw = entry(at);
        ByteBuffer in = ByteBuffer.wrap(raw);
        int ordinal = in.getInt();
        try {
            return Optional.of(new Index.Location(pack(ordinal), PackEntry.read(in, file + ": entry " + at)));
        } catch (CorruptObjectException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    boolean contains(Hash blob) {
        return search(blob) >= 0;
    }

    /** The position of {@code blob}'s entry, or -1. */
    private int search(Hash blob) {
        byte[] id = raw(blob);
        int low = 0;
        int high = entries - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = Arrays.compareUnsigned(bytes(buffer, entryAt(middle) + 4 + PackEntry.BYTES - Hash.LENGTH,
                    Hash.LENGTH), id);
            if (order == 0) {
                return middle;
            } else if (order < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return -1;
    }

    static byte[] raw(Hash hash) {
        byte[] raw = new byte[Hash.LENGTH];
        hash.copyTo(raw, 0);
        return raw;
    }

    private int fileAt(int i) {
        return HEADER + i * FILE;
    }

    private int entryAt(int i) {
        return HEADER + files * FILE + packs * Hash.LENGTH + i * ENTRY;
    }
}
