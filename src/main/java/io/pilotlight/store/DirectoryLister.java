package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Walks a {@link DirectoryObjectStore}'s files for the objects whose keys begin with a prefix.
 * Skips anything whose name is not a valid key segment: temp files, dot files, stray files a user
 * left. Skips directories that cannot hold a match. Tolerates files deleted during the walk.
 */
final class DirectoryLister extends SimpleFileVisitor<Path> {
    private final Path root;
    private final String prefix;
    private final List<ObjectInfo> found = new ArrayList<>();

    DirectoryLister(Path root, String prefix) {
        this.root = requireNonNull(root, "root is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
    }

    /** The matching objects under {@code start} (a directory under the root), unsorted. */
    List<ObjectInfo> list(Path start) throws IOException {
        Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, this);
        return found;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
        if (directory.equals(root)) {
            return FileVisitResult.CONTINUE;
        }
        String key = keyOf(directory);
        String asPrefix = key + "/";
        boolean mayHoldMatches = asPrefix.startsWith(prefix) || prefix.startsWith(asPrefix);
        return mayHoldMatches && isKey(key) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        String key = keyOf(file);
        if (attributes.isRegularFile() && key.startsWith(prefix) && isKey(key)) {
            found.add(new ObjectInfo(key, attributes.size()));
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // deleted while we listed
        }
        throw e;
    }

    private String keyOf(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static boolean isKey(String key) {
        try {
            ObjectKeys.check(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
