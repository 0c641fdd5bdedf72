package io.pilotlight.repo;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The map of one segment of a disk (a fixed number of grains): for each grain, zero or the chunk
 * and grain within it that holds its data, and the grain's SHA-256. Mutable while a replicate run
 * builds it; stored as a {@link BlobType#SEGMENT} blob (docs/design.md, "Segments").
 */
public final class Segment {
    static final int VERSION = 1;
    private static final int NONE = -1;

    private final int grains;
    private final List<Hash> chunks;
    private final Map<Hash, Integer> chunkRefs;
    private final int[] chunkRef;
    private final int[] chunkOffset;
    private final byte[] hashes;
    /** How many grains hold data: kept by {@link #setData} and {@link #setZero}, so {@link #allZero} is O(1). */
    private int dataGrains;

    private Segment(int grains, List<Hash> chunks, int[] chunkRef, int[] chunkOffset, byte[] hashes) {
        this.grains = grains;
        this.chunks = chunks;
        this.chunkRefs = new HashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            chunkRefs.putIfAbsent(chunks.get(i), i);
        }
        this.chunkRef = chunkRef;
        this.chunkOffset = chunkOffset;
        this.hashes = hashes;
        this.dataGrains = countData(chunkRef);
    }

    private static int countData(int[] chunkRef) {
        int count = 0;
        for (int ref : chunkRef) {
            count += ref == NONE ? 0 : 1;
        }
        return count;
    }

    /** A segment of {@code grains} zero grains. */
    public static Segment zeros(int grains) {
        int[] refs = new int[grains];
        Arrays.fill(refs, NONE);
        return new Segment(grains, new ArrayList<>(), refs, new int[grains], new byte[grains * Hash.LENGTH]);
    }

    /** A copy of the first {@code grains} grains of {@code parent}, zero beyond its end. */
    public static Segment copyOf(Segment parent, int grains) {
        Segment copy = zeros(grains);
        int shared = Math.min(grains, parent.grains);
        for (int g = 0; g < shared; g++) {
            if (!parent.isZero(g)) {
                copy.setData(g, parent.chunk(g), parent.chunkOffset[g], parent.hashes, g * Hash.LENGTH);
            }
        }
        return copy;
    }

    public int grains() {
        return grains;
    }

    /** Whether every grain is zero. */
    public boolean allZero() {
        return dataGrains == 0;
    }

    public boolean isZero(int grain) {
        return chunkRef[grain] == NONE;
    }

    /** The chunk holding grain {@code grain}; only for data grains. */
    public Hash chunk(int grain) {
        return chunks.get(chunkRef[grain]);
    }

    /** Which grain of {@link #chunk} this grain is. */
    public int chunkOffset(int grain) {
        return chunkOffset[grain];
    }

    /** Whether grain {@code grain} holds data whose SHA-256 is the 32 bytes at {@code offset}. */
    public boolean hasHash(int grain, byte[] hash, int offset) {
        return !isZero(grain) && Arrays.equals(hashes, grain * Hash.LENGTH, (grain + 1) * Hash.LENGTH,
                hash, offset, offset + Hash.LENGTH);
    }

    /** The grain's SHA-256 bytes live at {@code hashOffset(grain)} of {@link #hashBytes()}. */
    byte[] hashBytes() {
        return hashes;
    }

    public void copyHash(int grain, byte[] target, int offset) {
        System.arraycopy(hashes, grain * Hash.LENGTH, target, offset, Hash.LENGTH);
    }

    public void setZero(int grain) {
        dataGrains -= isZero(grain) ? 0 : 1;
        chunkRef[grain] = NONE;
        chunkOffset[grain] = 0;
    }

    /** Points grain {@code grain} at grain {@code offsetInChunk} of {@code chunk}. */
    public void setData(int grain, Hash chunk, int offsetInChunk, byte[] hash, int hashOffset) {
        Integer ref = chunkRefs.get(chunk);
        if (ref == null) {
            ref = chunks.size();
            chunks.add(chunk);
            chunkRefs.put(chunk, ref);
        }
        dataGrains += isZero(grain) ? 1 : 0;
        chunkRef[grain] = ref;
        chunkOffset[grain] = offsetInChunk;
        System.arraycopy(hash, hashOffset, hashes, grain * Hash.LENGTH, Hash.LENGTH);
    }

    /** Chunks referenced, each once, in order of first use. */
    public List<Hash> referencedChunks() {
        List<Hash> used = new ArrayList<>();
        boolean[] seen = new boolean[chunks.size()];
        for (int g = 0; g < grains; g++) {
            if (!isZero(g) && !seen[chunkRef[g]]) {
                seen[chunkRef[g]] = true;
                used.add(chunks.get(chunkRef[g]));
            }
        }
        return used;
    }

    public byte[] encode() {
        List<Hash> used = referencedChunks();
        Map<Hash, Integer> newRef = new HashMap<>();
        for (Hash chunk : used) {
            newRef.put(chunk, newRef.size());
        }
        ByteBuffer runs = ByteBuffer.allocate(grains * 12);
        int runCount = 0;
        int dataGrains = 0;
        for (int g = 0; g < grains; ) {
            int ref = isZero(g) ? NONE : newRef.get(chunk(g));
            int start = g;
            g++;
            while (g < grains && continues(start, g)) {
                g++;
            }
            runs.putInt(g - start).putInt(ref).putInt(chunkOffset[start]);
            runCount++;
            dataGrains += ref == NONE ? 0 : g - start;
        }
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + 4 + used.size() * Hash.LENGTH + 4 + runs.position()
                + dataGrains * Hash.LENGTH);
        out.put((byte) VERSION).putInt(grains).putInt(used.size());
        for (Hash chunk : used) {
            chunk.copyTo(out.array(), out.position());
            out.position(out.position() + Hash.LENGTH);
        }
        out.putInt(runCount).put(runs.array(), 0, runs.position());
        for (int g = 0; g < grains; g++) {
            if (!isZero(g)) {
                out.put(hashes, g * Hash.LENGTH, Hash.LENGTH);
            }
        }
        return out.array();
    }

    /** Whether grain {@code g} extends the run that begins at {@code start}. */
    private boolean continues(int start, int g) {
        if (isZero(start) || isZero(g)) {
            return isZero(start) && isZero(g);
        }
        return chunkRef[g] == chunkRef[start] && chunkOffset[g] == chunkOffset[start] + (g - start);
    }

    /**
     * Decodes a segment; {@code maxChunkGrains} bounds a grain's place in its chunk. Any fault names
     * {@code where} and the rule broken.
     */
    public static Segment decode(String where, byte[] data, int expectedGrains, int maxChunkGrains)
            throws CorruptObjectException {
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            int version = in.get() & 0xff;
            int grains = in.getInt();
            if (version != VERSION || grains != expectedGrains) {
                throw new CorruptObjectException(where + ": segment version " + version + " with " + grains
                        + " grains where version " + VERSION + " with " + expectedGrains + " is expected");
            }
            int chunkCount = in.getInt();
            if (chunkCount < 0 || chunkCount > grains) {
                throw new CorruptObjectException(where + ": " + chunkCount + " chunks for " + grains + " grains");
            }
            if ((long) chunkCount * Hash.LENGTH > in.remaining()) {
                throw new BufferUnderflowException();
            }
            List<Hash> chunks = new ArrayList<>(chunkCount);
            for (int i = 0; i < chunkCount; i++) {
                chunks.add(Hash.fromBytes(data, in.position()));
                in.position(in.position() + Hash.LENGTH);
            }
            Segment segment = new Segment(grains, chunks, new int[grains], new int[grains], new byte[grains * Hash.LENGTH]);
            int runCount = in.getInt();
            int g = 0;
            for (int r = 0; r < runCount; r++) {
                int count = in.getInt();
                int ref = in.getInt();
                int offset = in.getInt();
                if (count <= 0 || count > grains - g || ref < NONE || ref >= chunkCount || offset < 0
                        || (ref != NONE && offset > maxChunkGrains - count)) {
                    throw new CorruptObjectException(where + ": run " + r + " (grains " + g + "+" + count + ", chunk "
                            + ref + ", offset " + offset + ") is out of range");
                }
                for (int i = 0; i < count; i++, g++) {
                    segment.chunkRef[g] = ref;
                    segment.chunkOffset[g] = ref == NONE ? 0 : offset + i;
                }
            }
            if (g != grains) {
                throw new CorruptObjectException(where + ": runs cover " + g + " of " + grains + " grains");
            }
            segment.dataGrains = countData(segment.chunkRef);
            for (int i = 0; i < grains; i++) {
                if (!segment.isZero(i)) {
                    in.get(segment.hashes, i * Hash.LENGTH, Hash.LENGTH);
                }
            }
            if (in.hasRemaining()) {
                throw new CorruptObjectException(where + ": " + in.remaining() + " bytes after the grain hashes");
            }
            return segment;
        } catch (BufferUnderflowException e) {
            throw new CorruptObjectException(where + ": segment is truncated");
        }
    }
}
