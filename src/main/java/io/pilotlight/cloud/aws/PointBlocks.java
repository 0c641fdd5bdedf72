package io.pilotlight.cloud.aws;

import io.pilotlight.repo.BlobBatch;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of some 512 KiB blocks of a restore point, read from the repository: only the chunks
 * holding those blocks' data grains, in batches of ranged reads, each grain checked against the
 * SHA-256 the point's map records before it is used. Zero grains stay zero.
 */
final class PointBlocks {
    private static final int BATCH_BYTES = 8 << 20;

    private final Repository repository;
    private final Manifest point;
    private final Map<Integer, Segment> segments = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Segment> eldest) {
            return size() > 4;
        }
    };

    PointBlocks(Repository repository, Manifest point) {
        this.repository = repository;
        this.point = point;
    }

    /** One grain to copy: its index in the disk and the block it goes to. */
    private record GrainRef(long grain, long block, Segment segment, int inSegment) {}

    /** The contents of {@code blocks} (ascending), each 524288 bytes. */
    Map<Long, byte[]> read(long[] blocks) throws IOException {
        Map<Long, byte[]> contents = new TreeMap<>();
        Map<Hash, List<GrainRef>> byChunk = new LinkedHashMap<>();
        long grains = (point.diskSize() + point.grainSize() - 1) / point.grainSize();
        for (long block : blocks) {
            contents.put(block, new byte[BlockPlan.BLOCK_SIZE]);
            long first = block * BlockPlan.BLOCK_SIZE / point.grainSize();
            long last = Math.min(grains - 1, ((block + 1) * BlockPlan.BLOCK_SIZE - 1) / point.grainSize());
            for (long grain = first; grain <= last; grain++) {
                Segment segment = segment((int) (grain / point.segmentGrains()));
                int inSegment = (int) (grain % point.segmentGrains());
                if (!segment.isZero(inSegment)) {
                    byChunk.computeIfAbsent(segment.chunk(inSegment), c -> new ArrayList<>())
                            .add(new GrainRef(grain, block, segment, inSegment));
                }
            }
        }
        for (BlobBatch batch : repository.batches(byChunk.keySet(), BATCH_BYTES)) {
            Map<Hash, ByteBuffer> chunks = repository.readBatchForGrainChecks(batch);
            for (Hash chunk : batch.ids()) {
                for (GrainRef ref : byChunk.get(chunk)) {
                    copy(ref, chunk, chunks.get(chunk), contents.get(ref.block()));
                }
            }
        }
        return contents;
    }

    private void copy(GrainRef ref, Hash chunk, ByteBuffer plain, byte[] block) throws CorruptObjectException {
        long offset = ref.grain() * point.grainSize();
        int length = (int) Math.min(point.grainSize(), point.diskSize() - offset);
        int from = ref.segment().chunkOffset(ref.inSegment()) * point.grainSize();
        if (from + length > plain.remaining()) {
            throw new CorruptObjectException(where(offset) + ": chunk " + chunk.shortHex() + " has " + plain.remaining()
                    + " bytes, the map needs " + (from + length));
        }
        MessageDigest sha = Hash.sha256();
        Hash.update(sha, plain.array(), plain.arrayOffset() + from, length);
        byte[] expected = new byte[Hash.LENGTH];
        ref.segment().copyHash(ref.inSegment(), expected, 0);
        if (!Arrays.equals(sha.digest(), expected)) {
            throw new CorruptObjectException(where(offset) + ": grain from chunk " + chunk.shortHex()
                    + " does not match its recorded hash (checksum mismatch)");
        }
        long blockStart = ref.block() * BlockPlan.BLOCK_SIZE;
        long copyStart = Math.max(offset, blockStart);
        long copyEnd = Math.min(offset + length, blockStart + BlockPlan.BLOCK_SIZE);
        System.arraycopy(plain.array(), plain.arrayOffset() + from + (int) (copyStart - offset),
                block, (int) (copyStart - blockStart), (int) (copyEnd - copyStart));
    }

    private Segment segment(int index) throws IOException {
        Segment segment = segments.get(index);
        if (segment == null) {
            segment = repository.readSegment(point, index);
            segments.put(index, segment);
        }
        return segment;
    }

    private String where(long offset) {
        return point.disk() + "/" + point.id() + " offset 0x" + Long.toHexString(offset);
    }
}
