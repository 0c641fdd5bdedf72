package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's copies of a repository's index files, verbatim (docs/design.md §15a, "Index files,
 * verbatim"): {@code <directory>/<name>} holds the object's bytes as the store returned them.
 * Index files are immutable and named by their payload's hash (and, format 6, a time), so a copy can be missing, extra or
 * corrupt but never stale; the reader checks a copy exactly as an object from the store, and also
 * that its payload hashes to its name. Every operation is best effort: a cache that cannot be read
 * or written costs store requests, never a failure.
 */
final class IndexFileCache {
    private static final Logger LOG = LoggerFactory.getLogger(IndexFileCache.class);

    /** This host's last listing of {@code index/} that found the table current: {@code <table CRC hex> <epoch ms>}. */
    private static final String LISTED = "listed";

    private final Path directory;

    /** {@code directory}: this repository's own (one per repository id). */
    IndexFileCache(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** Where this host's table of the index is kept ({@link IndexTable}, §15a): beside the copies. */
    Path tableFile() {
        return directory.resolve("table");
    }

    /**
     * When this host last listed {@code index/} and found the table whose body CRC is {@code tableCrc}
     * current (§15a: a listing from the cursor is sound only within {@link IndexNames#CARRY} of it).
     */
    Optional<Instant> listedAt(int tableCrc) {
        try {
            String[] fields = Files.readString(directory.resolve(LISTED)).trim().split(" ");
            return fields.length == 2 && Integer.parseUnsignedInt(fields[0], 16) == tableCrc
                    ? Optional.of(Instant.ofEpochMilli(Long.parseLong(fields[1]))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Records that a listing started at {@code at} found the table of body CRC {@code tableCrc} current. */
    void listed(int tableCrc, Instant at) {
        write(directory.resolve(LISTED), (Integer.toHexString(tableCrc) + " " + at.toEpochMilli() + "\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The cached bytes of index file {@code key}, if there is a copy. */
    Optional<byte[]> read(String key) {
        return file(key).flatMap(file -> {
            try {
                return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** Keeps a copy of {@code object}, the store's bytes of index file {@code key}. */
    void write(String key, byte[] object) {
        file(key).ifPresent(file -> write(file, object));
    }

    private void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".", ".tmp");
            try {
                Files.write(temporary, bytes);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not write {}: {}", file, e.toString());
        }
    }

    /** Drops the copy of {@code key} (it failed its checks). */
    void forget(String key) {
        file(key).ifPresent(file -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("could not remove cached index file {}: {}", file, e.toString());
            }
        });
    }

    /** Drops the copies of index files not in {@code listed} (keys): a prune or a merge removed them. */
    void retainOnly(Set<String> listed) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String key = RepositoryLayout.INDEXES + name;
                if (IndexNames.parse(key).isPresent() && !listed.contains(key)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not prune the index cache {}: {}", directory, e.toString());
        }
    }

    private Optional<Path> file(String key) {
        return IndexNames.parse(key).map(name -> directory.resolve(key.substring(RepositoryLayout.INDEXES.length())));
    }
}
