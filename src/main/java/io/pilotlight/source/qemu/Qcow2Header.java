package io.pilotlight.source.qemu;

import static java.util.Objects.requireNonNull;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code qemu:} run reads itself from a qcow2 image's metadata (qemu's {@code
 * docs/interop/qcow2.txt}): the virtual size and the persistent dirty bitmaps, with whether each has
 * any bit set. It lets a cycle on an image whose checkpoint bitmap is all clear finish without running
 * {@code qemu-img} or {@code qemu-nbd}. {@link #read} answers only for what it fully understands: a
 * version 3 image without the dirty, corrupt or external-data-file incompatible bits (or unknown ones),
 * whose bitmaps extension is marked consistent (autoclear bit 0) or absent; anything else is empty, and
 * the caller asks {@code qemu-img} as before. A bitmap table entry with a reserved bit set counts as
 * "not clear", so a doubt always means "ask qemu".
 */
record Qcow2Header(long virtualSize, int clusterBits, List<Bitmap> bitmaps) {
    private static final int MAGIC = 0x514649fb; // "QFI\xfb"
    private static final int BITMAPS_EXTENSION = 0x23852875;
    private static final long UNDERSTOOD_INCOMPATIBLE = 0b11000; // compression type, extended L2
    private static final long BITMAPS_CONSISTENT = 1;
    private static final int MAX_CLUSTER_BITS = 21;
    private static final long MAX_DIRECTORY = 1L << 20;
    private static final long MAX_TABLE_ENTRIES = 1L << 20;
    private static final long OFFSET_MASK = 0x00ff_ffff_ffff_fe00L;

    Qcow2Header {
        bitmaps = List.copyOf(requireNonNull(bitmaps, "bitmaps is null"));
    }

    /** One entry of the bitmap directory: a dirty-tracking bitmap and where its table lies. */
    record Bitmap(String name, boolean inUse, boolean enabled, long tableOffset, int tableEntries) {
        Bitmap {
            requireNonNull(name, "name is null");
        }
    }

    /** The image's header and bitmap directory; empty if it is not a qcow2 image this reader fully understands. */
    static Optional<Qcow2Header> read(Path image) throws IOException {
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            if (channel.size() < 104) {
                return Optional.empty();
            }
            ByteBuffer header = readAt(channel, 0, 104);
            if (header.getInt(0) != MAGIC || header.getInt(4) != 3) {
                return Optional.empty();
            }
            int clusterBits = header.getInt(20);
            long incompatible = header.getLong(72);
            int headerLength = header.getInt(100);
            if (clusterBits < 9 || clusterBits > MAX_CLUSTER_BITS || (incompatible & ~UNDERSTOOD_INCOMPATIBLE) != 0
                    || headerLength < 104 || headerLength % 8 != 0 || headerLength >= 1 << clusterBits) {
                return Optional.empty();
            }
            ByteBuffer cluster = readAt(channel, 0, (int) Math.min(1L << clusterBits, channel.size()));
            Optional<List<Bitmap>> bitmaps = bitmaps(channel, cluster, headerLength, header.getLong(88));
            return bitmaps.map(list -> new Qcow2Header(header.getLong(24), clusterBits, list));
        }
    }

    /** The bitmaps the header extensions describe; empty if they are not consistent or not understood. */
    private static Optional<List<Bitmap>> bitmaps(FileChannel channel, ByteBuffer cluster, int start, long autoclear)
            throws IOException {
        int position = start;
        while (position + 8 <= cluster.limit()) {
            int type = cluster.getInt(position);
            int length = cluster.getInt(position + 4);
            if (type == 0) {
                return (autoclear & BITMAPS_CONSISTENT) == 0 ? Optional.of(List.of()) : Optional.empty();
            }
            if (length < 0 || position + 8L + length > cluster.limit()) {
                return Optional.empty();
            }
            if (type == BITMAPS_EXTENSION) {
                if ((autoclear & BITMAPS_CONSISTENT) == 0 || length < 24) {
                    return Optional.empty();
                }
                return directory(channel, cluster.getInt(position + 8), cluster.getLong(position + 16),
                        cluster.getLong(position + 24));
            }
            position += 8 + (length + 7) / 8 * 8;
        }
        return Optional.empty();
    }

    private static Optional<List<Bitmap>> directory(FileChannel channel, int count, long size, long offset)
            throws IOException {
        if (count < 1 || size < 24L * count || size > MAX_DIRECTORY || offset <= 0 || offset + size > channel.size()) {
            return Optional.empty();
        }
        ByteBuffer entries = readAt(channel, offset, (int) size);
        List<Bitmap> bitmaps = new ArrayList<>(count);
        int position = 0;
        for (int i = 0; i < count; i++) {
            if (position + 24 > entries.limit()) {
                return Optional.empty();
            }
            int flags = entries.getInt(position + 12);
            int nameSize = Short.toUnsignedInt(entries.getShort(position + 18));
            int extra = entries.getInt(position + 20);
            int end = position + 24 + extra + nameSize;
            if ((flags & ~0b111) != 0 || entries.get(position + 16) != 1 || extra != 0 || nameSize == 0
                    || end > entries.limit()) {
                return Optional.empty();
            }
            String name = new String(entries.array(), position + 24, nameSize, StandardCharsets.UTF_8);
            bitmaps.add(new Bitmap(name, (flags & 1) != 0, (flags & 2) != 0, entries.getLong(position),
                    entries.getInt(position + 8)));
            position = (end + 7) / 8 * 8;
        }
        return Optional.of(bitmaps);
    }

    /**
     * Whether {@code bitmap} (of this image) has no bit set: every table entry reads as all zeros, or
     * points to a data cluster that is all zeros. An entry with a reserved bit, or a table this reader
     * will not scan (over {@value #MAX_TABLE_ENTRIES} entries), counts as not clear.
     */
    boolean isClear(Path image, Bitmap bitmap) throws IOException {
        long entries = Integer.toUnsignedLong(bitmap.tableEntries());
        if (entries > MAX_TABLE_ENTRIES || bitmap.tableOffset() <= 0) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            ByteBuffer table = readAt(channel, bitmap.tableOffset(), (int) entries * 8);
            for (int i = 0; i < entries; i++) {
                long entry = table.getLong(i * 8);
                long offset = entry & OFFSET_MASK;
                if ((entry & ~OFFSET_MASK) != 0 || offset != 0 && !zeros(readAt(channel, offset, 1 << clusterBits))) {
                    return false; // all ones, reserved bits, or a data cluster with a bit set
                }
            }
            return true;
        }
    }

    private static boolean zeros(ByteBuffer buffer) {
        for (int i = 0; i + 8 <= buffer.limit(); i += 8) {
            if (buffer.getLong(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static ByteBuffer readAt(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new EOFException("qcow2 metadata at " + offset + " (+" + length + " bytes) is past the end of"
                        + " the image");
            }
        }
        return buffer.flip();
    }
}
