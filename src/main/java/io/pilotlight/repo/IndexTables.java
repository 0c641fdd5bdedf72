package io.pilotlight.repo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When this host's {@link IndexTable} may be believed, and when it is written again (docs/design.md
 * §15a, "The lazily read table"). Believed only when intact (its checksums) and when no index file
 * it covers is gone: in a full listing every one is listed, in a listing from the cursor none is
 * superseded by a file listed (entries leave the index only with their file, and from format 6 the
 * file that replaces them names them), so the table holds nothing the index does not. Otherwise it is dropped and the run reads the listed files, as without a table, and writes a
 * new one. Everything here is best effort: a table that cannot be read or written costs reads.
 */
final class IndexTables {
    private static final Logger LOG = LoggerFactory.getLogger(IndexTables.class);
    /** A table is written again when the entries read beside it reach this fraction of its own. */
    static final int REWRITE_FRACTION = 8;
    /** ... or when this many index files were read beside it. */
    static final int REWRITE_FILES = 256;

    private IndexTables() {}

    /** The table in {@code file} if it is intact (a damaged one is deleted, with a warning). */
    static Optional<IndexTable> open(Path file) {
        try {
            return IndexTable.open(file);
        } catch (CorruptObjectException e) {
            LOG.warn("this host's index table is damaged, so it is rebuilt from the index files: {}", e.getMessage());
            drop(file);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not read the index table {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Whether every index file {@code table} covers is in {@code listed} (a full listing). */
    static boolean coversOnly(IndexTable table, Set<String> listed) {
        AtomicBoolean all = new AtomicBoolean(true);
        table.forEachFile(key -> all.compareAndSet(true, listed.contains(key)));
        return all.get();
    }

    /**
     * Writes a new table after a first look at the index: from {@code added} alone when there was no
     * table to believe, or merged with {@code table} when what was read beside it is worth folding in.
     */
    static java.util.OptionalInt update(Path file, Optional<IndexTable> table,
            Map<String, Map<Hash, List<PackEntry>>> added) {
        if (added.isEmpty()) {
            return java.util.OptionalInt.empty();
        }
        long entries = added.values().stream().flatMap(packs -> packs.values().stream()).mapToLong(List::size).sum();
        if (table.isPresent() && entries * REWRITE_FRACTION < table.get().entryCount()
                && added.size() < REWRITE_FILES) {
            return java.util.OptionalInt.empty();
        }
        try {
            return java.util.OptionalInt.of(IndexTableWriter.write(file, table, added));
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not write the index table {}: {}", file, e.toString());
            return java.util.OptionalInt.empty();
        }
    }

    private static void drop(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not remove the index table {}: {}", file, e.toString());
        }
    }
}
