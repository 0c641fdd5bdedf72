package io.pilotlight.recovery.image;

import io.pilotlight.progress.ProgressListener;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The hidden temp file a restore or export writes beside its target,
 * {@code .<name>.pilotlight-<uuid>.tmp} ({@link TargetFile#tempBeside}), locked while it is written:
 * the writer holds a POSIX lock on one byte far past any data (so it never meets the image locks
 * of qemu-img, which writes an export's temp file). Closing it removes it, so an interrupt (Ctrl-C,
 * SIGTERM) leaves nothing behind. A temp file that a SIGKILL or a crash left is stale by this rule:
 * <em>its name is a restore or export temp of that very target, and no running process holds its
 * lock</em>; {@link #removeStale} removes those before the next restore or export of the target.
 */
public final class TempFile implements Closeable {
    /** The locked byte: beyond any disk, so it never overlaps a range another tool locks. */
    private static final long LOCK_OFFSET = Long.MAX_VALUE - 1;
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

    private final Path path;
    private final FileChannel channel;

    private TempFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Creates and locks a fresh temp file beside {@code target}. */
    public static TempFile beside(Path target) throws IOException {
        Path path = TargetFile.tempBeside(target);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            channel.lock(LOCK_OFFSET, 1, false);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return new TempFile(path, channel);
    }

    public Path path() {
        return path;
    }

    /** The open, locked channel of the temp file. */
    public FileChannel channel() {
        return channel;
    }

    /** Removes the file if it is still there (not renamed into place), then releases it. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(path);
        } finally {
            channel.close();
        }
    }

    /** Removes the stale temp files of {@code target}, warning {@code progress} of each. */
    public static void removeStale(Path target, ProgressListener progress) throws IOException {
        for (Path stale : removeStale(target)) {
            progress.warn("removed " + stale + ", the temp file of a restore or export of " + target
                    + " that was killed (no running process held its lock)");
        }
    }

    /** Removes the stale temp files of {@code target} (see the class comment); returns those removed. */
    public static List<Path> removeStale(Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        List<Path> removed = new ArrayList<>();
        if (directory == null || !Files.isDirectory(directory)) {
            return removed;
        }
        String prefix = "." + target.getFileName() + ".pilotlight-";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, prefix.replace("[", "\\[")
                .replace("*", "\\*").replace("?", "\\?").replace("{", "\\{") + "*.tmp")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String middle = name.substring(prefix.length(), name.length() - ".tmp".length());
                if (UUID_TEXT.matcher(middle).matches() && Files.isRegularFile(entry) && removeIfUnheld(entry)) {
                    removed.add(entry);
                }
            }
        }
        return removed;
    }

    private static boolean removeIfUnheld(Path temp) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock(LOCK_OFFSET, 1, false);
            } catch (OverlappingFileLockException e) {
                return false; // this process writes it
            }
            if (lock == null) {
                return false; // another running process writes it
            }
            Files.delete(temp);
            return true;
        } catch (NoSuchFileException e) {
            return false; // its writer renamed or removed it meanwhile
        }
    }
}
