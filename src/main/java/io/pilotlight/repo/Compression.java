package io.pilotlight.repo;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;

/** zstd as the format uses it: frames with a known raw length, and clean errors on bad input. */
final class Compression {
    static final int NONE = 0;
    static final int ZSTD = 1;
    static final int LEVEL = 3;
    static final int MAX_RAW = 64 << 20;

    private Compression() {}

    static byte[] compress(byte[] raw, int offset, int length) {
        byte[] out = new byte[(int) Zstd.compressBound(length)];
        long n = Zstd.compressByteArray(out, 0, out.length, raw, offset, length, LEVEL);
        return java.util.Arrays.copyOf(out, (int) n);
    }

    static byte[] decompress(String what, byte[] source, int offset, int length, int rawLength)
            throws CorruptObjectException {
        if (rawLength < 0 || rawLength > MAX_RAW) {
            throw new CorruptObjectException(what + ": raw length " + rawLength + " out of range");
        }
        byte[] out = new byte[rawLength];
        long n;
        try {
            n = Zstd.decompressByteArray(out, 0, rawLength, source, offset, length);
        } catch (ZstdException | ArrayIndexOutOfBoundsException e) {
            throw new CorruptObjectException(what + ": compressed data is damaged (" + e.getMessage() + ")");
        }
        if (n != rawLength) {
            throw new CorruptObjectException(what + ": decompressed to " + n + " bytes where " + rawLength
                    + " are recorded");
        }
        return out;
    }
}
