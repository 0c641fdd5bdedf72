package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blobs that lie close together in one pack, read with one ranged GET: a restore asks for a few
 * large ranges instead of one request per ~1 MiB chunk. Made by {@link Repository#batches}.
 */
public final class BlobBatch {
    /** Bytes of unwanted data a batch may read between two wanted blobs rather than split. */
    static final int MAX_GAP = 256 * 1024;

    private final String packKey;
    private final List<PackEntry> entries;

    private BlobBatch(String packKey, List<PackEntry> entries) {
        this.packKey = requireNonNull(packKey, "packKey is null");
        this.entries = List.copyOf(entries);
    }

    /** The key of the pack the batch reads. */
    public String packKey() {
        return packKey;
    }

    List<PackEntry> entries() {
        return entries;
    }

    long start() {
        return entries.get(0).offset();
    }

    int length() {
        PackEntry last = entries.get(entries.size() - 1);
        return Math.toIntExact(last.offset() + (long) last.storedLength() - start());
    }

    /** The blobs in this batch, in pack order. */
    public List<Hash> ids() {
        return entries.stream().map(PackEntry::id).toList();
    }

    /** Groups located blobs by pack and cuts each pack's run into batches of at most {@code maxBytes}. */
    static List<BlobBatch> plan(Collection<Index.Location> blobs, int maxBytes) {
        Map<Hash, List<PackEntry>> byPack = new LinkedHashMap<>();
        for (Index.Location location : blobs) {
            byPack.computeIfAbsent(location.pack(), p -> new ArrayList<>()).add(location.entry());
        }
        List<BlobBatch> batches = new ArrayList<>();
        for (Map.Entry<Hash, List<PackEntry>> pack : byPack.entrySet()) {
            List<PackEntry> entries = new ArrayList<>(pack.getValue());
            entries.sort(Comparator.comparingInt(PackEntry::offset));
            List<PackEntry> current = new ArrayList<>();
            long start = 0;
            long end = 0;
            for (PackEntry entry : entries) {
                long entryEnd = (long) entry.offset() + entry.storedLength();
                if (!current.isEmpty() && (entry.offset() - end > MAX_GAP || entryEnd - start > maxBytes)) {
                    batches.add(new BlobBatch(RepositoryLayout.packKey(pack.getKey()), current));
                    current = new ArrayList<>();
                }
                if (current.isEmpty()) {
                    start = entry.offset();
                }
                if (current.isEmpty() || !current.get(current.size() - 1).id().equals(entry.id())) {
                    current.add(entry);
                }
                end = Math.max(end, entryEnd);
            }
            if (!current.isEmpty()) {
                batches.add(new BlobBatch(RepositoryLayout.packKey(pack.getKey()), current));
            }
        }
        return batches;
    }
}
