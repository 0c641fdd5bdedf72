package io.pilotlight.testing;

import io.pilotlight.repo.Hash;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/** Sparse raw disk images with seeded random content, for tests that replicate them. */
public final class TestImages {
    public static final int MIB = 1 << 20;
    private static final int BLOCK = 64 * 1024;

    private TestImages() {}

    /**
     * Makes a sparse image of {@code size} bytes split into {@code slots} equal slots; {@code filled}
     * of them, chosen at random, get random data (up to a random sub-grain shift). Returns data bytes.
     */
    public static long create(Path image, long size, int slots, int filled, Random random) throws IOException {
        long slot = size / slots;
        boolean[] used = new boolean[slots];
        long data = 0;
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size);
            byte[] buffer = new byte[(int) Math.min(slot, 16 * MIB)];
            for (int n = 0; n < filled; ) {
                int s = random.nextInt(slots);
                if (used[s]) {
                    continue;
                }
                used[s] = true;
                n++;
                long shift = random.nextInt(4096) * 16L;
                for (long at = shift; at < slot; at += buffer.length) {
                    int length = (int) Math.min(buffer.length, slot - at);
                    random.nextBytes(buffer);
                    file.seek(s * slot + at);
                    file.write(buffer, 0, length);
                    data += length;
                }
            }
        }
        return data;
    }

    /**
     * Changes about {@code bytes} bytes of the image in scattered writes of 1 KiB to 256 KiB: most
     * random data, one in eight zeros (so grains become zero again).
     */
    public static void change(Path image, long bytes, Random random) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            long size = file.length();
            for (long done = 0; done < bytes; ) {
                byte[] write = new byte[1024 + random.nextInt(255 * 1024)];
                if (random.nextInt(8) != 0) {
                    random.nextBytes(write);
                }
                file.seek((long) (random.nextDouble() * (size - write.length)));
                file.write(write);
                done += write.length;
            }
        }
    }

    /**
     * A SHA-256 of the file's content that skips the cost of hashing holes: each 64 KiB block adds
     * one byte 0 when it is all zeros, else a byte 1 and the block. Two files of the same length
     * get the same digest exactly when their bytes are the same (barring SHA-256 collisions).
     */
    public static String contentDigest(Path file) throws IOException {
        MessageDigest sha = Hash.sha256();
        byte[] zeros = new byte[BLOCK];
        byte[] buffer = new byte[8 * MIB];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            sha.update(Long.toString(channel.size()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (long position = 0; position < channel.size(); ) {
                ByteBuffer target = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, channel.size() - position));
                while (target.hasRemaining()) {
                    position += channel.read(target, position);
                }
                for (int at = 0; at < target.limit(); at += BLOCK) {
                    int length = Math.min(BLOCK, target.limit() - at);
                    if (Arrays.equals(buffer, at, at + length, zeros, 0, length)) {
                        sha.update((byte) 0);
                    } else {
                        sha.update((byte) 1);
                        sha.update(buffer, at, length);
                    }
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
