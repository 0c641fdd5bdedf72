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

    /** Blobs at least this long are probed before they are compressed whole. */
    static final int PROBE_FROM = 128 << 10;
    /** The probe: this many slices of {@link #PROBE_SLICE} bytes, spread evenly over the blob. */
    static final int PROBE_SLICES = 4;
    static final int PROBE_SLICE = 4 << 10;

    /** Each thread compresses into its own scratch buffer, reused; only a smaller result is copied out. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);
    private static final ThreadLocal<byte[]> SAMPLE =
            ThreadLocal.withInitial(() -> new byte[PROBE_SLICES * PROBE_SLICE]);

    private Compression() {}

    /** The zstd frame of {@code length} bytes of {@code raw}, or empty if it is not smaller than them. */
    static Optional<byte[]> compressIfSmaller(byte[] raw, int offset, int length) {
        if (length >= PROBE_FROM && incompressible(raw, offset, length)) {
            return Optional.empty();
        }
        int bound = Math.toIntExact(Zstd.compressBound(length));
        byte[] out = scratch(bound);
        long n = Zstd.compressByteArray(out, 0, bound, raw, offset, length, LEVEL);
        return n < length ? Optional.of(Arrays.copyOf(out, (int) n)) : Optional.empty();
    }

    /**
     * Whether a sample of the blob ({@link #PROBE_SLICES} slices spread evenly over it, compressed in
     * one call: zstd's per-call set-up costs about as much as 4 KiB of work) saves less than 1/64 of
     * its length: random or already compressed data, which zstd would run over whole (about 140 us a
     * MiB here; the probe about 20 us) only to have it stored raw anyway. A blob whose slices are
     * incompressible but which would compress as a whole (long-range repeats only) is stored raw:
     * larger, never wrong (docs/design.md §5).
     */
    static boolean incompressible(byte[] raw, int offset, int length) {
        byte[] sample = SAMPLE.get();
        long stride = (long) (length - PROBE_SLICE) / (PROBE_SLICES - 1);
        for (int i = 0; i < PROBE_SLICES; i++) {
            System.arraycopy(raw, offset + (int) (stride * i), sample, i * PROBE_SLICE, PROBE_SLICE);
        }
        byte[] out = scratch(Math.toIntExact(Zstd.compressBound(sample.length)));
        long stored = Zstd.compressByteArray(out, 0, out.length, sample, 0, sample.length, LEVEL);
        return stored > sample.length - sample.length / 64;
    }

    private static byte[] scratch(int bound) {
        byte[] out = SCRATCH.get();
        if (out.length < bound) {
            out = new byte[bound];
            SCRATCH.set(out);
        }
        return out;
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
