package io.pilotlight.recovery.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * How a target command puts a whole file in place: write a temp file beside it, sync it, rename it
 * into place, sync the directory.
 */
public final class TargetFile {
    private TargetFile() {}

    /** A fresh temp path beside {@code target}: {@code .<name>.pilotlight-<uuid>.tmp}. */
    public static Path tempBeside(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".pilotlight-" + UUID.randomUUID() + ".tmp");
    }

    /** Syncs {@code temp}, renames it over {@code target} atomically and syncs the directory. */
    public static void commit(Path temp, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Replaces the small file {@code path} with {@code content}, durably: temp file, sync, rename, sync. */
    public static void replace(Path path, java.nio.ByteBuffer content) throws IOException {
        Path temp = tempBeside(path);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (content.hasRemaining()) {
                    channel.write(content);
                }
            }
            commit(temp, path);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename is then as durable as they make it.
        }
    }

    /**
     * The file a target path names: through symbolic links when it exists (a restore or follow then
     * replaces or writes the file the link points at, and the link stays), else the absolute path.
     */
    public static Path resolve(Path target) throws IOException {
        return Files.exists(target) ? target.toRealPath() : target.toAbsolutePath();
    }

    /**
     * Whether {@code path} is a device (or another special file), following symbolic links: LVM and
     * udev name block devices by links ({@code /dev/vg0/standby}, {@code /dev/disk/by-id/…}).
     */
    public static boolean isDevice(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).isOther();
    }

    public static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The follow state file beside a standby image (docs/design.md §15). */
    public static Path followStateOf(Path image) {
        return image.resolveSibling(image.getFileName() + ".pilotlight-follow");
    }

    /** The image of group member {@code name} in a group's directory: {@code DIR/NAME.img}. */
    public static Path memberImage(Path directory, String name) {
        return directory.resolve(name + ".img");
    }
}
