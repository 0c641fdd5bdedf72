package io.pilotlight.repo;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload of an {@code index/<name>} object: packs and the blobs each holds, and from version 2
 * (format 6) the index files it supersedes. See docs/design.md, "Index files".
 */
final class IndexFile {
    /** The payload of formats 1 to 5. */
    static final int VERSION = 1;
    /** Format 6: the superseded files' names before the packs. */
    static final int VERSION_SUPERSEDES = 2;
    private static final int ENTRY = 4 + PackEntry.BYTES;

    /** An index file this one supersedes, and when it was first superseded (carried forward, §5). */
    record Superseded(String key, Instant at) {
        Superseded {
            if (IndexNames.parse(key).isEmpty()) {
                throw new IllegalArgumentException("superseded index file '" + key + "' is no index file name");
            }
            java.util.Objects.requireNonNull(at, "at is null");
        }
    }

    /** A decoded payload: its packs and, for version 2, the files it supersedes (else none). */
    record Contents(Map<Hash, List<PackEntry>> packs, List<Superseded> superseded) {
        Contents {
            superseded = List.copyOf(superseded);
        }
    }

    private IndexFile() {}

    /** A version 1 payload (formats 1 to 5). */
    static byte[] encode(Map<Hash, List<PackEntry>> packs) {
        return encode(VERSION, packs, List.of());
    }

    /** A version 2 payload (format 6): {@code superseded}, then the packs. */
    static byte[] encode(Map<Hash, List<PackEntry>> packs, List<Superseded> superseded) {
        return encode(VERSION_SUPERSEDES, packs, superseded);
    }

    private static byte[] encode(int version, Map<Hash, List<PackEntry>> packs, List<Superseded> superseded) {
        int entries = packs.values().stream().mapToInt(List::size).sum();
        int names = superseded.stream().mapToInt(s -> 8 + 1 + name(s.key()).length).sum();
        ByteBuffer out = ByteBuffer.allocate(1 + (version == VERSION ? 0 : 4 + names) + 4
                + packs.size() * Hash.LENGTH + 4 + entries * ENTRY);
        out.put((byte) version);
        if (version == VERSION_SUPERSEDES) {
            out.putInt(superseded.size());
            for (Superseded s : superseded) {
                byte[] name = name(s.key());
                out.putLong(s.at().toEpochMilli()).put((byte) name.length).put(name);
            }
        }
        out.putInt(packs.size());
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

    private static byte[] name(String key) {
        return key.substring(RepositoryLayout.INDEXES.length()).getBytes(US_ASCII);
    }

    static Map<Hash, List<PackEntry>> decode(String key, byte[] payload) throws CorruptObjectException {
        return decodeContents(key, payload).packs();
    }

    static Contents decodeContents(String key, byte[] payload) throws CorruptObjectException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            int version = in.get() & 0xff;
            if (version != VERSION && version != VERSION_SUPERSEDES) {
                throw new CorruptObjectException(key + ": index version " + version + " is not " + VERSION + " or "
                        + VERSION_SUPERSEDES);
            }
            List<Superseded> superseded = version == VERSION ? List.of() : superseded(key, in);
            return new Contents(packs(key, payload, in), superseded);
        } catch (BufferUnderflowException e) {
            throw new CorruptObjectException(key + ": index is truncated");
        }
    }

    private static List<Superseded> superseded(String key, ByteBuffer in) throws CorruptObjectException {
        int count = in.getInt();
        if (count < 0 || (long) count * (8 + 1 + 64) > in.remaining()) {
            throw new CorruptObjectException(key + ": " + count + " superseded files do not fit the object");
        }
        List<Superseded> superseded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant at = Instant.ofEpochMilli(in.getLong());
            byte[] name = new byte[in.get() & 0xff];
            in.get(name);
            String file = RepositoryLayout.INDEXES + new String(name, US_ASCII);
            if (IndexNames.parse(file).isEmpty()) {
                throw new CorruptObjectException(key + ": superseded file " + i + " (" + name.length
                        + " bytes) is no index file name");
            }
            superseded.add(new Superseded(file, at));
        }
        return superseded;
    }

    private static Map<Hash, List<PackEntry>> packs(String key, byte[] payload, ByteBuffer in)
            throws CorruptObjectException {
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
    }
}
