package io.pilotlight.recovery.serve;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.repo.CorruptObjectException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.zip.CRC32C;

/**
 * The map of a writable overlay, {@code <overlay>.pilotlight-overlay}: which 4 KiB blocks the overlay
 * file holds, and what it overlays (docs/design.md §15). A snapshot (magic {@code PLOVMAP2}, u32
 * header length, the header as JSON ({@link Header}), u32 count of longs, the bitmap as longs, u32
 * CRC-32C), then a log of records appended at each flush naming the blocks added since (u32 magic
 * {@code PLOR}, u32 count of ranges, per range u32 first block and u32 block count, u32 CRC-32C
 * chained from the previous record's, or the snapshot's). A flush appends and syncs one record, not
 * the whole bitmap; the snapshot is rewritten instead (temp file, fsync, rename) when the log has
 * outgrown it or the flush adds more than {@link #RECORD_MAX_RANGES} ranges. A record that fails its checksum within the last {@link #RECORD_MAX_BYTES} of the file
 * is a torn append (its flush never returned) and is cut off; one earlier is corruption.
 * {@code PLOVMAP1} maps (a snapshot, no log) are read and rewritten as {@code PLOVMAP2}.
 */
final class OverlayMap implements Closeable {
    static final String SUFFIX = ".pilotlight-overlay";
    private static final long MAGIC_V1 = 0x504c4f564d415031L; // "PLOVMAP1"
    private static final long MAGIC = 0x504c4f564d415032L; // "PLOVMAP2"
    private static final int RECORD_MAGIC = 0x504c4f52; // "PLOR"
    static final int RECORD_MAX_RANGES = 4096;
    static final int RECORD_MAX_BYTES = 12 + 8 * RECORD_MAX_RANGES;
    /** The log may grow to this, or to the snapshot's size if larger, before the snapshot is rewritten. */
    static final long LOG_MIN_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What the overlay overlays; an overlay is only ever reopened over the same point. */
    record Header(String repository, String disk, String point, long diskSize, int blockSize) {}

    /** A map as read: its header and blocks, and how much of the file is valid. */
    record Contents(Header header, BitSet blocks, long snapshotBytes, long validBytes, int lastCrc, boolean v1) {}

    private final Path path;
    private final Header header;
    private FileChannel log;
    private long snapshotBytes;
    private long length;
    private int lastCrc;

    private OverlayMap(Path path, Header header, FileChannel log, long snapshotBytes, long length, int lastCrc) {
        this.path = path;
        this.header = header;
        this.log = log;
        this.snapshotBytes = snapshotBytes;
        this.length = length;
        this.lastCrc = lastCrc;
    }

    static Path pathFor(Path overlay) {
        return overlay.resolveSibling(overlay.getFileName() + SUFFIX);
    }

    /** Writes a new map of {@code blocks} beside {@code overlay} (replacing any), durably. */
    static void create(Path overlay, Header header, BitSet blocks) throws IOException {
        TargetFile.replace(pathFor(overlay), snapshot(header, blocks));
    }

    /** Reads the map beside {@code overlay} without changing it; a damaged map is corrupt data. */
    static Contents read(Path overlay) throws IOException {
        Path path = pathFor(overlay);
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(path));
        try {
            long magic = buffer.remaining() < 20 ? 0 : buffer.getLong();
            if (magic != MAGIC && magic != MAGIC_V1) {
                throw new CorruptObjectException(path + ": not an overlay map (bad magic)");
            }
            byte[] json = new byte[checkedLength(buffer, buffer.getInt(), 1)];
            buffer.get(json);
            Header header = JSON.readValue(new String(json, StandardCharsets.UTF_8), Header.class);
            long[] longs = new long[checkedLength(buffer, buffer.getInt(), 8)];
            for (int i = 0; i < longs.length; i++) {
                longs[i] = buffer.getLong();
            }
            int snapshotEnd = buffer.position() + 4;
            int crc = crc(0, buffer.array(), 0, buffer.position());
            if (buffer.remaining() < 4 || crc != buffer.getInt()) {
                throw new CorruptObjectException(path + ": overlay map fails its checksum");
            }
            BitSet blocks = BitSet.valueOf(longs);
            int valid = magic == MAGIC_V1 ? buffer.limit() : replay(path, buffer, blocks, crc);
            int last = valid == snapshotEnd ? crc : buffer.getInt(valid - 4);
            return new Contents(header, blocks, snapshotEnd, valid, last, magic == MAGIC_V1);
        } catch (java.nio.BufferUnderflowException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CorruptObjectException(path + ": malformed overlay map: " + e);
        }
    }

    /**
     * Opens the map read as {@code contents} for appending: cuts off a torn record, and rewrites a
     * version 1 map. The caller holds the overlay's lock and read {@code contents} under it.
     */
    static OverlayMap append(Path overlay, Contents contents) throws IOException {
        Path path = pathFor(overlay);
        if (contents.v1()) {
            create(overlay, contents.header(), contents.blocks());
            contents = read(overlay);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
        if (channel.size() > contents.validBytes()) {
            channel.truncate(contents.validBytes());
            channel.force(true);
        }
        return new OverlayMap(path, contents.header(), channel, contents.snapshotBytes(), contents.validBytes(),
                contents.lastCrc());
    }

    /**
     * Records durably that the overlay file now holds {@code added} (its data already synced);
     * {@code all} is every block it holds, for when the snapshot is rewritten instead.
     */
    void record(BitSet added, BitSet all) throws IOException {
        int ranges = 0;
        for (int first = added.nextSetBit(0); first >= 0; first = added.nextSetBit(added.nextClearBit(first))) {
            ranges++;
        }
        if (ranges == 0) {
            return;
        }
        if (ranges > RECORD_MAX_RANGES || length - snapshotBytes > Math.max(LOG_MIN_BYTES, snapshotBytes)) {
            log.close();
            ByteBuffer snapshot = snapshot(header, all);
            TargetFile.replace(path, snapshot);
            snapshotBytes = snapshot.limit();
            length = snapshotBytes;
            lastCrc = snapshot.getInt(snapshot.limit() - 4);
            log = FileChannel.open(path, StandardOpenOption.WRITE);
            return;
        }
        ByteBuffer record = ByteBuffer.allocate(12 + 8 * ranges);
        record.putInt(RECORD_MAGIC).putInt(ranges);
        for (int first = added.nextSetBit(0); first >= 0; first = added.nextSetBit(added.nextClearBit(first))) {
            record.putInt(first).putInt(added.nextClearBit(first) - first);
        }
        int crc = crc(lastCrc, record.array(), 0, record.position());
        record.putInt(crc).flip();
        long at = length;
        while (record.hasRemaining()) {
            at += log.write(record, at);
        }
        log.force(true);
        length = at;
        lastCrc = crc;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }

    /** Applies the log to {@code blocks}; returns where the valid part of the file ends. */
    private static int replay(Path path, ByteBuffer buffer, BitSet blocks, int crc) throws CorruptObjectException {
        while (buffer.hasRemaining()) {
            int start = buffer.position();
            int ranges = buffer.remaining() >= 12 && buffer.getInt(start) == RECORD_MAGIC ? buffer.getInt(start + 4) : -1;
            int end = start + 12 + 8 * ranges;
            if (ranges < 1 || ranges > RECORD_MAX_RANGES || end > buffer.limit()
                    || crc(crc, buffer.array(), start, end - 4 - start) != buffer.getInt(end - 4)) {
                if (buffer.limit() - start <= RECORD_MAX_BYTES) {
                    return start; // a torn append: its flush never returned
                }
                throw new CorruptObjectException(path + ": overlay map fails its checksum at log record offset "
                        + start);
            }
            buffer.position(start + 8);
            for (int i = 0; i < ranges; i++) {
                int first = buffer.getInt();
                int count = buffer.getInt();
                if (first < 0 || count < 1 || (long) first + count > Integer.MAX_VALUE) {
                    throw new CorruptObjectException(path + ": overlay map names blocks " + first + "+" + count);
                }
                blocks.set(first, first + count);
            }
            crc = buffer.getInt();
        }
        return buffer.position();
    }

    private static ByteBuffer snapshot(Header header, BitSet blocks) throws IOException {
        byte[] json = JSON.writeValueAsBytes(header);
        long[] longs = blocks.toLongArray();
        ByteBuffer buffer = ByteBuffer.allocate(8 + 4 + json.length + 4 + 8 * longs.length + 4);
        buffer.putLong(MAGIC).putInt(json.length).put(json).putInt(longs.length);
        for (long value : longs) {
            buffer.putLong(value);
        }
        buffer.putInt(crc(0, buffer.array(), 0, buffer.position())).flip();
        return buffer;
    }

    private static int checkedLength(ByteBuffer buffer, int count, int unit) {
        if (count < 0 || (long) count * unit > buffer.remaining()) {
            throw new java.nio.BufferUnderflowException();
        }
        return count;
    }

    /** CRC-32C of {@code bytes[from, from + length)}, chained from {@code previous} (0 for none). */
    private static int crc(int previous, byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        if (previous != 0) {
            crc.update(ByteBuffer.allocate(4).putInt(previous).array());
        }
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }
}
