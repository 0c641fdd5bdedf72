package io.pilotlight.source.file;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Linux's {@code /sys/class/block}: the size of a block device, as {@code <name>/size} in 512-byte
 * sectors whatever the device's own block size. Used when {@code FileChannel.size()} reports 0 for a
 * block device (older JDKs take the size from {@code fstat}, which is 0 for devices).
 */
record SysClassBlock(Path directory) {
    static final SysClassBlock LINUX = new SysClassBlock(Path.of("/sys/class/block"));
    private static final long SECTOR_SIZE = 512;

    SysClassBlock {
        requireNonNull(directory, "directory is null");
    }

    /**
     * The size in bytes of the block device at {@code device} (symbolic links such as
     * {@code /dev/mapper/vg-lv} or {@code /dev/disk/by-id/...} are resolved to the kernel's name),
     * or empty if this directory does not describe it.
     */
    OptionalLong sizeOf(Path device) throws IOException {
        Path sizeFile = directory.resolve(device.toRealPath().getFileName().toString()).resolve("size");
        String text;
        try {
            text = Files.readString(sizeFile, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        try {
            long sectors = Long.parseLong(text);
            if (sectors < 0) {
                throw new NumberFormatException("negative");
            }
            return OptionalLong.of(Math.multiplyExact(sectors, SECTOR_SIZE));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IOException(sizeFile + ": '" + text + "' is not a count of 512-byte sectors", e);
        }
    }
}
