package io.pilotlight.repo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** A SHA-256 value: the id of chunks, segments, packs and index files. Immutable. */
public final class Hash implements Comparable<Hash> {
    public static final int LENGTH = 32;
    /**
     * The most bytes handed to a digest, MAC or cipher in one call. The native provider
     * (io.pilotlight.crypto) pins the Java array it is given for the length of the call, and while it
     * is pinned no other thread's allocation can start a collection: one 16 MiB pack hashed in one call
     * stalled the other threads' allocations (7x fewer in a test at {@code -Xmx256m}) and has been
     * seen to end in OutOfMemoryError under the launcher's 256 MiB heap. 256 KiB slices hash as fast.
     */
    public static final int SLICE = 256 << 10;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of 32 bytes at {@code offset} of {@code source}. */
    public static Hash fromBytes(byte[] source, int offset) {
        if (offset < 0 || source.length - offset < LENGTH) {
            throw new IllegalArgumentException("a hash needs 32 bytes at offset " + offset + " of " + source.length);
        }
        return new Hash(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    public static Hash fromHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("hash '" + hex + "' must be 64 hex digits");
        }
        return new Hash(HEX.parseHex(hex));
    }

    public static Hash of(byte[] data) {
        return of(data, 0, data.length);
    }

    public static Hash of(byte[] data, int offset, int length) {
        MessageDigest digest = sha256();
        update(digest, data, offset, length);
        return new Hash(digest.digest());
    }

    /** Feeds {@code length} bytes of {@code data} from {@code offset} to {@code digest}, {@link #SLICE} at a time. */
    public static void update(MessageDigest digest, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        for (int at = offset, end = offset + length; at < end; at += SLICE) {
            digest.update(data, at, Math.min(SLICE, end - at));
        }
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    public static Hash finish(MessageDigest digest) {
        return new Hash(digest.digest());
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    /** Whether the 32 bytes at {@code offset} of {@code other} are this hash. */
    public boolean equalsAt(byte[] other, int offset) {
        return Arrays.equals(bytes, 0, LENGTH, other, offset, offset + LENGTH);
    }

    /** The first 8 bytes as a number: uniformly spread, for hash tables. */
    long prefix() {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (bytes[i] & 0xff);
        }
        return value;
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** The first 12 hex digits, for messages. */
    public String shortHex() {
        return hex().substring(0, 12);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    @Override
    public int compareTo(Hash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
