package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import io.pilotlight.store.ObjectRetention;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this host last learned of the Object Lock retention of packs, config and key files
 * (docs/design.md §21.2, "Remembered locks"): the retention one was written with, read with a HEAD,
 * or extended to. A commit HEADs only those whose remembered retention does not cover the new point. A retention is never
 * shortened by pilotlight and in compliance mode by no one, so what was true stays true; the
 * memory is a cache and {@code verify} never uses it. Kept in memory and, with a file (the cache
 * directory of §15a, {@code <repository id>/pack-locks}), across runs: text lines {@code KEY MODE
 * UNTIL}, written to a temporary name and renamed; a line that does not parse is ignored.
 */
final class PackLocks {
    private static final Logger LOG = LoggerFactory.getLogger(PackLocks.class);
    static final String FILE_NAME = "pack-locks";
    private static final String HEADER = "pilotlight pack locks 1";

    private final Optional<Path> file;
    private final Map<String, ObjectRetention> known = new ConcurrentHashMap<>();
    /**
     * Keys forgotten in this process (and perhaps learned again since): what another process wrote of
     * them is not merged back, as it may be of a version that is gone.
     */
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();
    private volatile boolean changed;

    private PackLocks(Optional<Path> file) {
        this.file = requireNonNull(file, "file is null");
    }

    /** A memory for this process only. */
    static PackLocks inMemory() {
        return new PackLocks(Optional.empty());
    }

    /**
     * The memory kept in {@code file}, with what it holds now; retentions that ended before {@code now}
     * are dropped (no new point can use them). A missing or unreadable file is an empty memory.
     */
    static PackLocks inFile(Path file, Instant now) {
        PackLocks locks = new PackLocks(Optional.of(file));
        locks.read(now);
        return locks;
    }

    /** The retention remembered for {@code key}, if any. */
    Optional<ObjectRetention> remembered(String key) {
        return Optional.ofNullable(known.get(key));
    }

    /** Remembers that {@code key}'s current version has {@code retention} (the later of two wins). */
    void remember(String key, ObjectRetention retention) {
        ObjectRetention merged = known.merge(key, retention, PackLocks::stronger);
        if (merged == retention) {
            changed = true;
        }
    }

    /** Forgets {@code key} (deleted, or found without the remembered retention). */
    void forget(String key) {
        forgotten.add(key);
        if (known.remove(key) != null) {
            changed = true;
        }
    }

    int size() {
        return known.size();
    }

    /**
     * Writes the memory to its file if it changed, merged with what other processes wrote there since;
     * a failure is logged and otherwise ignored (the next run HEADs a little more).
     */
    void save(Instant now) {
        if (file.isEmpty() || !changed) {
            return;
        }
        PackLocks onDisk = inFile(file.get(), now);
        onDisk.known.forEach((key, retention) -> {
            if (!forgotten.contains(key)) {
                known.merge(key, retention, PackLocks::stronger);
            }
        });
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        known.forEach((key, retention) -> text.append(key).append(' ').append(retention.mode()).append(' ')
                .append(retention.until()).append('\n'));
        try {
            Files.createDirectories(file.get().getParent());
            Path temporary = Files.createTempFile(file.get().getParent(), FILE_NAME, ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file.get(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file.get(), StandardCopyOption.REPLACE_EXISTING);
            }
            changed = false;
        } catch (IOException e) {
            LOG.warn("remembered pack locks cannot be written to {}: {}", file.get(), e.toString());
        }
    }

    private void read(Instant now) {
        Path path = file.orElseThrow();
        try {
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                parse(line).filter(entry -> entry.getValue().lockedAt(now))
                        .ifPresent(entry -> known.merge(entry.getKey(), entry.getValue(), PackLocks::stronger));
            }
        } catch (NoSuchFileException e) {
            // nothing remembered yet
        } catch (IOException | RuntimeException e) {
            LOG.warn("remembered pack locks in {} cannot be read, starting afresh: {}", path, e.toString());
            known.clear();
        }
    }

    private static Optional<Map.Entry<String, ObjectRetention>> parse(String line) {
        String[] fields = line.split(" ");
        if (fields.length != 3 || !fields[0].startsWith(RepositoryLayout.PACKS)
                && !RepositoryLayout.repositoryWide(fields[0])) {
            return Optional.empty();
        }
        try {
            return Optional.of(Map.entry(fields[0], new ObjectRetention(ObjectRetention.Mode.valueOf(fields[1]),
                    Instant.parse(fields[2]))));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The retention that protects more: compliance over governance, then the later date. */
    private static ObjectRetention stronger(ObjectRetention a, ObjectRetention b) {
        if (a.mode() != b.mode()) {
            return a.mode() == ObjectRetention.Mode.COMPLIANCE ? a : b;
        }
        return a.until().isBefore(b.until()) ? b : a;
    }
}
