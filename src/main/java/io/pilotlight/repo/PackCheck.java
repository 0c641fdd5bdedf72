package io.pilotlight.repo;

import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/** Reads one pack whole and finds every fault in it, blob by blob. */
final class PackCheck {
    private PackCheck() {}

    static List<BlobFault> check(ObjectStore store, String key, Hash packId, List<PackEntry> indexed,
            ContentIds ids, LongConsumer progress) throws IOException {
        List<BlobFault> faults = new ArrayList<>();
        byte[] pack;
        try {
            pack = store.get(key);
        } catch (NoSuchObjectException e) {
            for (PackEntry entry : indexed) {
                faults.add(new BlobFault(Optional.of(entry.id()), key, "pack " + key + " is missing"));
            }
            return faults;
        } catch (CorruptObjectException e) { // an encrypted repository's pack whose seal does not open
            for (PackEntry entry : indexed) {
                faults.add(new BlobFault(Optional.of(entry.id()), key, e.getMessage()));
            }
            return faults;
        }
        progress.accept(pack.length);
        if (!ids.of(pack).equals(packId)) {
            faults.add(new BlobFault(Optional.empty(), key, "pack " + key + ": checksum mismatch (content does not"
                    + " hash to its name)"));
        }
        try {
            Set<PackEntry> header = new HashSet<>(Pack.readHeader(key, pack));
            for (PackEntry entry : indexed) {
                if (!header.contains(entry)) {
                    faults.add(new BlobFault(Optional.of(entry.id()), key, "pack " + key + ": blob "
                            + entry.id().shortHex() + " at offset " + entry.offset() + " is indexed but not in the pack header"));
                }
            }
        } catch (CorruptObjectException e) {
            faults.add(new BlobFault(Optional.empty(), key, e.getMessage()));
        }
        for (PackEntry entry : indexed) {
            String where = "blob " + entry.id().shortHex() + " at offset " + entry.offset() + " of pack " + key;
            long end = (long) entry.offset() + entry.storedLength();
            if (end > pack.length) {
                faults.add(new BlobFault(Optional.of(entry.id()), key, where + ": past the end of the pack ("
                        + pack.length + " bytes)"));
                continue;
            }
            try {
                Pack.decodeBlob(where, entry, Arrays.copyOfRange(pack, entry.offset(), (int) end), ids);
            } catch (CorruptObjectException e) {
                faults.add(new BlobFault(Optional.of(entry.id()), key, e.getMessage()));
            }
        }
        return faults;
    }
}
