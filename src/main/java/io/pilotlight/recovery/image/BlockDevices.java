package io.pilotlight.recovery.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** The size of a block device, which Java's file size calls report as zero. */
public final class BlockDevices {
    private BlockDevices() {}

    public static long size(Path device, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > 0) {
            return size;
        }
        Path real = device.toRealPath();
        Path sys = Path.of("/sys/class/block", real.getFileName().toString(), "size");
        if (Files.isReadable(sys)) {
            return Long.parseLong(Files.readString(sys).trim()) * 512;
        }
        throw new IOException("cannot tell the size of block device " + device + " (no " + sys + ")");
    }
}
