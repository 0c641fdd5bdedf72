package io.pilotlight.target;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.repo.CorruptObjectException;
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
 * file holds, and what it overlays. Layout (big-endian): magic {@code PLOVMAP1}, u32 header length,
 * the header as JSON ({@link Header}), u32 count of longs, the bitmap as longs (bit i = block i,
 * {@link java.util.BitSet#toLongArray()} order), u32 CRC-32C of everything before it. Rewritten
 * whole (temp file, fsync, rename) at each flush, after the overlay's data is synced.
 */
final class OverlayMap {
    static final String SUFFIX = ".pilotlight-overlay";
    private static final long MAGIC = 0x504c4f564d415031L; // "PLOVMAP1"
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What the overlay overlays; an overlay is only ever reopened over the same point. */
    record Header(String repository, String disk, String point, long diskSize, int blockSize) {}

    private OverlayMap() {}

    static Path pathFor(Path overlay) {
        return overlay.resolveSibling(overlay.getFileName() + SUFFIX);
    }

    static void write(Path overlay, Header header, BitSet blocks) throws IOException {
        byte[] json = JSON.writeValueAsBytes(header);
        long[] longs = blocks.toLongArray();
        ByteBuffer buffer = ByteBuffer.allocate(8 + 4 + json.length + 4 + 8 * longs.length + 4);
        buffer.putLong(MAGIC).putInt(json.length).put(json).putInt(longs.length);
        for (long value : longs) {
            buffer.putLong(value);
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue()).flip();
        TargetFile.replace(pathFor(overlay), buffer);
    }

    /** The header and bitmap stored beside {@code overlay}; a damaged map is corrupt data. */
    static Header readHeader(Path overlay, BitSet into) throws IOException {
        Path path = pathFor(overlay);
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(path));
        try {
            if (buffer.remaining() < 20 || buffer.getLong() != MAGIC) {
                throw new CorruptObjectException(path + ": not an overlay map (bad magic)");
            }
            CRC32C crc = new CRC32C();
            crc.update(buffer.array(), 0, buffer.limit() - 4);
            if ((int) crc.getValue() != buffer.getInt(buffer.limit() - 4)) {
                throw new CorruptObjectException(path + ": overlay map fails its checksum");
            }
            byte[] json = new byte[buffer.getInt()];
            buffer.get(json);
            Header header = JSON.readValue(new String(json, StandardCharsets.UTF_8), Header.class);
            long[] longs = new long[buffer.getInt()];
            for (int i = 0; i < longs.length; i++) {
                longs[i] = buffer.getLong();
            }
            into.or(BitSet.valueOf(longs));
            return header;
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CorruptObjectException(path + ": malformed overlay map: " + e.getMessage());
        }
    }
}
