package io.pilotlight.replicate;

import io.pilotlight.repo.BlobType;
import io.pilotlight.repo.BlobWriter;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Segment;
import io.pilotlight.repo.StoredBlob;
import io.pilotlight.source.ChangedBlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One chunk-aligned window of a segment: reads the candidate grains, hashes each, compares with the
 * parent, and turns each run of changed data grains into a chunk, compressed unless already stored.
 * Runs on a worker thread; touches nothing shared but the source (positional reads) and the writer's
 * read-only {@link BlobWriter#known} check.
 */
final class Window {
    /**
     * What happened to a grain. {@code RESTORED}: the same content as the parent's, stored again
     * because the parent's chunk is in no index (not counted as changed).
     */
    enum Change {
        UNCHANGED, ZERO, DATA, RESTORED;

        boolean stored() {
            return this == DATA || this == RESTORED;
        }
    }

    /** What happened to one grain (segment-relative index). */
    record Grain(int grain, Change change, int length, Hash chunk, int chunkOffset) {}

    /**
     * The window's outcome: each candidate grain, their hashes (32 bytes each, in order), new chunks,
     * and the buffer the grains were read into, which chunks stored raw are views of: given back to
     * the pool once the chunks are in the writer.
     */
    record Result(List<Grain> grains, byte[] hashes, List<StoredBlob> chunks, long readBytes, byte[] buffer) {}

    /** Grains {@code [start, end)} of a segment, segment-relative. */
    record Run(int start, int end) {}

    private static final byte[] ZEROS = new byte[8 << 20];

    private final ChangedBlockSource source;
    private final BlobWriter writer;
    private final WindowBuffers buffers;
    private final Segment parent;
    /** Grains (segment-relative) whose parent chunk is not indexed: never UNCHANGED when they hold data. */
    private final java.util.BitSet forced;
    private final long segmentOffset;
    private final int grainSize;
    private final long diskSize;

    Window(ChangedBlockSource source, BlobWriter writer, WindowBuffers buffers, Segment parent,
            java.util.BitSet forced, long segmentOffset, int grainSize, long diskSize) {
        this.source = source;
        this.writer = writer;
        this.buffers = buffers;
        this.parent = parent;
        this.forced = forced;
        this.segmentOffset = segmentOffset;
        this.grainSize = grainSize;
        this.diskSize = diskSize;
    }

    /** Reads the runs one after another into one buffer from the pool: a run's chunks stay valid past the next run. */
    Result process(List<Run> runs) throws IOException {
        List<Grain> grains = new ArrayList<>();
        List<StoredBlob> chunks = new ArrayList<>();
        int total = runs.stream().mapToInt(r -> r.end() - r.start()).sum();
        byte[] hashes = new byte[total * Hash.LENGTH];
        byte[] data = buffers.take(Math.toIntExact(runs.stream().mapToLong(this::bytesOf).sum()));
        int base = 0;
        MessageDigest sha = Hash.sha256();
        for (Run run : runs) {
            long offset = segmentOffset + (long) run.start() * grainSize;
            int length = bytesOf(run);
            source.read(offset, ByteBuffer.wrap(data, base, length));
            int first = grains.size();
            for (int g = run.start(); g < run.end(); g++) {
                int at = base + (g - run.start()) * grainSize;
                int grainLength = Math.min(grainSize, base + length - at);
                Change change = classify(g, data, at, grainLength, sha, hashes, grains.size() * Hash.LENGTH);
                grains.add(new Grain(g, change, grainLength, null, 0));
            }
            for (int p = first; p < grains.size(); ) {
                if (!grains.get(p).change().stored()) {
                    p++;
                    continue;
                }
                int q = p;
                while (q < grains.size() && grains.get(q).change().stored()) {
                    q++;
                }
                chunk(data, base, run.start(), grains, p, q, length).ifPresent(chunks::add);
                p = q;
            }
            base += length;
        }
        return new Result(grains, hashes, chunks, base, data);
    }

    /** Bytes of the disk in {@code run} (the disk's last grain may be short). */
    private int bytesOf(Run run) {
        long offset = segmentOffset + (long) run.start() * grainSize;
        return (int) Math.min((long) (run.end() - run.start()) * grainSize, diskSize - offset);
    }

    private Change classify(int g, byte[] data, int at, int length, MessageDigest sha, byte[] hashes, int slot) {
        if (Arrays.equals(data, at, at + length, ZEROS, 0, length)) {
            return parent != null && g < parent.grains() && !parent.isZero(g) ? Change.ZERO : Change.UNCHANGED;
        }
        Hash.update(sha, data, at, length);
        try {
            sha.digest(hashes, slot, Hash.LENGTH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 failed", e);
        }
        boolean same = parent != null && g < parent.grains() && parent.hasHash(g, hashes, slot);
        return !same ? Change.DATA : forced.get(g) ? Change.RESTORED : Change.UNCHANGED;
    }

    /**
     * Makes the chunk of the grains recorded at {@code [from, to)} of {@code grains} and points them
     * at it; returns it unless the repository already has it.
     */
    private java.util.Optional<StoredBlob> chunk(byte[] data, int base, int runStart, List<Grain> grains, int from,
            int to, int length) {
        int start = base + (grains.get(from).grain() - runStart) * grainSize;
        int end = base + Math.min((grains.get(to - 1).grain() + 1 - runStart) * grainSize, length);
        Hash id = writer.idOf(data, start, end - start);
        for (int p = from; p < to; p++) {
            Grain grain = grains.get(p);
            grains.set(p, new Grain(grain.grain(), grain.change(), grain.length(), id, p - from));
        }
        if (writer.known(id)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(StoredBlob.of(BlobType.DATA, id, data, start, end - start));
    }
}
