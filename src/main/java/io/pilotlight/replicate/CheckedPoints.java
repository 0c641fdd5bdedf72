package io.pilotlight.replicate;

import static java.util.Objects.requireNonNull;

import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host-local record, per repository and disk, of the last point this host committed and the
 * index files whose union held every chunk it names when its commit check passed (docs/design.md
 * §10 step 4, §15b). Entries leave the index only with their file (prune, {@code repair} and a
 * writer's merge replace whole files; a damaged file is skipped whole), so while every one of those
 * files is still read by the next run's writer, every chunk of that point is still indexed, and
 * the run may name the point's unchanged segments without reading them: a no-change CBT cycle
 * then reads no segment. A cache: a missing, stale or corrupt record costs reads, nothing else.
 *
 * <p>File {@code <directory>/<disk>}: lines {@code pilotlight checked point 1}, {@code point ID},
 * {@code digest HEX}, one {@code index KEY} per file (sorted), then {@code sha256 HEX} of the lines
 * before it; written to a temporary name and renamed.
 */
final class CheckedPoints {
    private static final Logger LOG = LoggerFactory.getLogger(CheckedPoints.class);
    private static final String HEADER = "pilotlight checked point 1";

    private final Path directory;

    /** {@code directory}: this repository's own directory of records (one per repository id). */
    CheckedPoints(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    /**
     * Whether every chunk {@code parent} names is indexed in a writer whose index holds exactly the
     * union of {@code indexFilesNow}: the record names this very point and each of its files is
     * among them. False (never an error) without a record, or with one that does not parse.
     */
    boolean covers(Manifest parent, Optional<Set<String>> indexFilesNow) {
        if (indexFilesNow.isEmpty()) {
            return false;
        }
        Optional<List<String>> lines = read(parent.disk());
        if (lines.isEmpty() || lines.get().size() < 4 || !lines.get().get(1).equals("point " + parent.id())
                || !lines.get().get(2).equals("digest " + parent.digest())) {
            return false;
        }
        Set<String> recorded = new HashSet<>();
        for (String line : lines.get().subList(3, lines.get().size())) {
            if (!line.startsWith("index ")) {
                return false;
            }
            recorded.add(line.substring("index ".length()));
        }
        return indexFilesNow.get().containsAll(recorded);
    }

    /** Records {@code point} as checked against {@code indexFiles}; best effort (a cache). */
    void record(Manifest point, Optional<Set<String>> indexFiles) {
        Path file = directory.resolve(point.disk());
        try {
            if (indexFiles.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            StringBuilder text = new StringBuilder(HEADER).append('\n')
                    .append("point ").append(point.id()).append('\n')
                    .append("digest ").append(point.digest()).append('\n');
            for (String key : new TreeSet<>(indexFiles.get())) {
                text.append("index ").append(key).append('\n');
            }
            String sum = Hash.of(text.toString().getBytes(StandardCharsets.UTF_8)).hex();
            text.append("sha256 ").append(sum).append('\n');
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "." + point.disk() + "-", ".tmp");
            try {
                Files.writeString(temporary, text);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not record point {} in {}: {}", point.id(), file, e.toString());
        }
    }

    /** The record's lines before its checksum; empty when missing or not intact. */
    private Optional<List<String>> read(String disk) {
        String text;
        try {
            text = Files.readString(directory.resolve(disk), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        int last = text.lastIndexOf("sha256 ");
        if (last < 0 || !text.endsWith("\n") || !text.startsWith(HEADER + "\n")) {
            return Optional.empty();
        }
        String body = text.substring(0, last);
        String sum = text.substring(last + "sha256 ".length(), text.length() - 1);
        if (!Hash.of(body.getBytes(StandardCharsets.UTF_8)).hex().equals(sum)) {
            LOG.debug("the checked-point record of disk {} in {} is corrupt; ignored", disk, directory);
            return Optional.empty();
        }
        return Optional.of(new ArrayList<>(List.of(body.split("\n"))));
    }
}
