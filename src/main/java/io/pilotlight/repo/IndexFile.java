package io.pilotlight.repo;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload of an {@code index/<id>} object: packs and the blobs each holds. See docs/design.md,
 * "Index files".
 */
final class IndexFile {
    static final int VERSION = 1;
    private static final int ENTRY = 4 + PackEntry.BYTES;

    private IndexFile() {}

    static byte[] encode(Map<Hash, List<PackEntry>> packs) {
        int entries = packs.values().stream().mapToInt(List::size).sum();
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + packs.size() * Hash.LENGTH + 4 + entries * ENTRY);
        out.put((byte) VERSION).putInt(packs.size());
        for (Hash pack : packs.keySet()) {
            pack.copyTo(out.array(), out.position());
            out.position(out.position() + Hash.LENGTH);
        }
        out.putInt(entries);
        int ordinal = 0;
        for (List<PackEntry> list : packs.values()) {
            for (PackEntry entry : list) {
                out.putInt(ordinal);
                entry.write(out);
            }
            ordinal++;
        }
        return out.array();
    }

    static Map<Hash, List<PackEntry>> decode(String key, byte[] payload) throws CorruptObjectException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            int version = in.get() & 0xff;
            if (version != VERSION) {
                throw new CorruptObjectException(key + ": index version " + version + " is not " + VERSION);
            }
            int packCount = in.getInt();
            if (packCount < 0 || (long) packCount * Hash.LENGTH > in.remaining()) {
                throw new CorruptObjectException(key + ": pack count " + packCount + " does not fit the object");
            }
            List<Hash> packIds = new ArrayList<>(packCount);
            Map<Hash, List<PackEntry>> packs = new LinkedHashMap<>();
            for (int i = 0; i < packCount; i++) {
                Hash pack = Hash.fromBytes(payload, in.position());
                in.position(in.position() + Hash.LENGTH);
                packIds.add(pack);
                packs.put(pack, new ArrayList<>());
            }
            int count = in.getInt();
            if (count < 0 || (long) count * ENTRY != in.remaining()) {
                throw new CorruptObjectException(key + ": " + count + " entries do not match the "
                        + in.remaining() + " bytes left");
            }
            for (int i = 0; i < count; i++) {
                int ordinal = in.getInt();
                PackEntry entry = PackEntry.read(in, key + ": entry " + i);
                if (ordinal < 0 || ordinal >= packCount) {
                    throw new CorruptObjectException(key + ": entry " + i + " is invalid (pack " + ordinal + " of "
                            + packCount + ")");
                }
                packs.get(packIds.get(ordinal)).add(entry);
            }
            return packs;
        } catch (BufferUnderflowException e) {
            throw new CorruptObjectException(key + ": index is truncated");
        }
    }
}
