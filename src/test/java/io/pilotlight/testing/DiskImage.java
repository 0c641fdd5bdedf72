package io.pilotlight.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * A sparse raw image the golden tests change, copy and compare, with a reference model of what a
 * replicate run must report that does not use pilotlight's code.
 */
public final class DiskImage {
    private final Path path;
    private final int grainSize;
    private final Random random;

    public DiskImage(Path path, long size, int grainSize, long seed) throws IOException {
        this.path = path;
        this.grainSize = grainSize;
        this.random = new Random(seed);
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(size);
        }
    }

    public Path path() {
        return path;
    }

    public Random random() {
        return random;
    }

    long size() throws IOException {
        try (FileChannel channel = FileChannel.open(path)) {
            return channel.size();
        }
    }

    /** Writes fresh random data over {@code grains} grains from {@code firstGrain}; returns the data. */
    public byte[] writeRandom(long firstGrain, int grains) throws IOException {
        byte[] data = new byte[grains * grainSize];
        random.nextBytes(data);
        write(firstGrain * grainSize, data);
        return data;
    }

    public void write(long offset, byte[] data) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
        }
    }

    public byte[] read(long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(path)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
                // keep reading
            }
            return buffer.array();
        }
    }

    public void setLength(long size) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(size);
        }
    }

    /** A sparse copy: only grains holding data are written (Files.copy would fill the holes). */
    public static void sparseCopy(Path from, Path to, int grainSize) throws IOException {
        try (FileChannel in = FileChannel.open(from);
                FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            ByteBuffer buffer = ByteBuffer.allocate(grainSize);
            for (long offset = 0; offset < size; offset += grainSize) {
                buffer.clear().limit((int) Math.min(grainSize, size - offset));
                while (buffer.hasRemaining() && in.read(buffer, offset + buffer.position()) >= 0) {
                    // keep reading
                }
                if (!isZero(buffer.array(), buffer.position())) {
                    buffer.flip();
                    out.write(buffer, offset);
                }
            }
            if (out.size() < size) {
                out.truncate(size);
                out.write(ByteBuffer.allocate(1), size - 1);
            }
        }
    }

    private static boolean isZero(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Bytes of grains of {@code now} whose content differs from the same grain of {@code before}:
     * a grain that is zero now counts only if it held data before; grains past the end of
     * {@code now} do not count. The last grain is compared over its real length.
     */
    public static long changedBytes(Path before, Path now, int grainSize) throws IOException {
        try (FileChannel old = FileChannel.open(before); FileChannel current = FileChannel.open(now)) {
            long oldSize = old.size();
            long size = current.size();
            long changed = 0;
            for (long offset = 0; offset < size; offset += grainSize) {
                int length = (int) Math.min(grainSize, size - offset);
                int oldLength = (int) Math.max(0, Math.min(grainSize, oldSize - offset));
                byte[] a = readAt(old, offset, oldLength);
                byte[] b = readAt(current, offset, length);
                boolean zeroNow = isZero(b, length);
                boolean zeroBefore = isZero(a, oldLength);
                if (zeroNow ? !zeroBefore : !Arrays.equals(a, b)) {
                    changed += length;
                }
            }
            return changed;
        }
    }

    private static byte[] readAt(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
            // keep reading
        }
        return buffer.array();
    }

    /** The image digest of docs/design.md §7, computed from the raw file. */
    public static String digest(Path image, int grainSize) throws IOException {
        try (FileChannel channel = FileChannel.open(image)) {
            MessageDigest outer = sha256();
            long size = channel.size();
            for (long offset = 0; offset < size; offset += grainSize) {
                outer.update(sha256().digest(readAt(channel, offset, (int) Math.min(grainSize, size - offset))));
            }
            return HexFormat.of().formatHex(outer.digest());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
