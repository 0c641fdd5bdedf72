package io.pilotlight.repo;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.util.Arrays;
import java.util.Optional;

/** zstd as the format uses it: frames with a known raw length, and clean errors on bad input. */
final class Compression {
    static final int NONE = 0;
    static final int ZSTD = 1;
    static final int LEVEL = 3;
    static final int MAX_RAW = 64 << 20;

    /** Each thread compresses into its own scratch buffer, reused; only a smaller result is copied out. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);

    private Compression() {}

    /** The zstd frame of {@code length} bytes of {@code raw}, or empty if it is not smaller than them. */
    static Optional<byte[]> compressIfSmaller(byte[] raw, int offset, int length) {
        int bound = Math.toIntExact(Zstd.compressBound(length));
        byte[] out = SCRATCH.get();
        if (out.length < bound) {
            out = new byte[bound];
            SCRATCH.set(out);
        }
        long n = Zstd.compressByteArray(out, 0, bound, raw, offset, length, LEVEL);
        return n < length ? Optional.of(Arrays.copyOf(out, (int) n)) : Optional.empty();
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
