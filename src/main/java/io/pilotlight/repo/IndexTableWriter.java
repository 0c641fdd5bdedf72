package io.pilotlight.repo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Writes an {@link IndexTable}: the entries of the table it replaces, if any, and those of the index
 * files read since, merged by blob id in one pass (a blob in both keeps the old table's entry, as an
 * in-memory index keeps the first it read). Written to a temporary name in the same directory,
 * forced, then renamed over the old table: a reader keeps the table it mapped, so no lock is needed.
 */
final class IndexTableWriter {
    private static final int ENTRY_ID = IndexTable.ENTRY - Hash.LENGTH;
    private static final Comparator<byte[]> BY_ID = (a, b) -> Arrays.compareUnsigned(a, ENTRY_ID, IndexTable.ENTRY, b,
            ENTRY_ID, IndexTable.ENTRY);

    private final FileChannel channel;
    private final ByteBuffer out = ByteBuffer.allocate(1 << 16);
    private final CRC32C crc = new CRC32C();

    private IndexTableWriter(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Writes the table of {@code base} (if any) plus {@code added} (index file key to its packs) to
     * {@code file}; returns the new table's body CRC ({@link IndexTable#bodyCrc}).
     */
    static int write(Path file, Optional<IndexTable> base, Map<String, Map<Hash, List<PackEntry>>> added)
            throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), ".table-", ".tmp");
        try {
            int crc;
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                IndexTableWriter writer = new IndexTableWriter(channel);
                writer.body(base, added);
                channel.force(true);
                crc = (int) writer.crc.getValue();
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return crc;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void body(Optional<IndexTable> base, Map<String, Map<Hash, List<PackEntry>>> added) throws IOException {
        channel.position(IndexTable.HEADER);
        List<byte[]> files = new ArrayList<>();
        base.ifPresent(table -> {
            for (int i = 0; i < table.fileCount(); i++) {
                files.add(table.fileRecord(i));
            }
        });
        added.keySet().forEach(key -> files.add(IndexTable.record(IndexNames.parse(key).orElseThrow(
                () -> new IllegalArgumentException("'" + key + "' is no index file name")))));
        files.sort(Arrays::compareUnsigned);
        byte[] last = null;
        int fileCount = 0;
        for (byte[] id : files) {
            if (last == null || !Arrays.equals(last, id)) {
                put(id);
                fileCount++;
            }
            last = id;
        }
        int basePacks = base.map(IndexTable::packCount).orElse(0);
        for (int i = 0; i < basePacks; i++) {
            put(IndexTable.raw(base.get().pack(i)));
        }
        List<byte[]> entries = newEntries(added, basePacks);
        int entryCount = merge(base, entries);
        flush();
        header(fileCount, basePacks + (int) added.values().stream().mapToLong(Map::size).sum(), entryCount);
    }

    /** The entries of {@code added} (52 bytes each, their packs numbered after the old table's), sorted by id. */
    private List<byte[]> newEntries(Map<String, Map<Hash, List<PackEntry>>> added, int basePacks) throws IOException {
        List<byte[]> entries = new ArrayList<>();
        int ordinal = basePacks;
        for (Map<Hash, List<PackEntry>> packs : added.values()) {
            for (Map.Entry<Hash, List<PackEntry>> pack : packs.entrySet()) {
                put(IndexTable.raw(pack.getKey()));
                for (PackEntry entry : pack.getValue()) {
                    ByteBuffer raw = ByteBuffer.allocate(IndexTable.ENTRY).putInt(ordinal);
                    entry.write(raw);
                    entries.add(raw.array());
                }
                ordinal++;
            }
        }
        entries.sort(BY_ID);
        return entries;
    }

    /** Writes the old table's entries and {@code entries} merged by id, each id once; returns how many. */
    private int merge(Optional<IndexTable> base, List<byte[]> entries) throws IOException {
        int old = base.map(IndexTable::entryCount).orElse(0);
        int i = 0;
        int j = 0;
        int count = 0;
        byte[] last = null;
        while (i < old || j < entries.size()) {
            byte[] next;
            if (j == entries.size() || i < old && BY_ID.compare(base.get().entry(i), entries.get(j)) <= 0) {
                next = base.get().entry(i++);
            } else {
                next = entries.get(j++);
            }
            if (last == null || BY_ID.compare(last, next) != 0) {
                put(next);
                count++;
                last = next;
            }
        }
        return count;
    }

    private void put(byte[] bytes) throws IOException {
        if (out.remaining() < bytes.length) {
            flush();
        }
        out.put(bytes);
        crc.update(bytes);
    }

    private void flush() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        out.clear();
    }

    private void header(int files, int packs, int entries) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(IndexTable.HEADER);
        header.put(IndexTable.MAGIC).putInt(IndexTable.VERSION).putInt(files).putInt(packs).putInt(entries)
                .putInt((int) crc.getValue());
        header.putInt(IndexTable.crc(header, 0, IndexTable.HEADER - 4));
        header.flip();
        channel.write(header, 0);
    }
}
