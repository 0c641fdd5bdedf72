package io.pilotlight.target;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.Segment;
import io.pilotlight.sparse.SparseFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings an image whose content is not known to a point: every grain is read (a grain wholly in a
 * hole is zero without being read) and compared with what the point records, and only the grains
 * that differ are rewritten (data through a {@link GrainWriter}, zeros as holes where the file
 * system allows). For an image something else wrote since the follower left it, such as a VM booted
 * from the standby: reading it all costs what a digest does, writing only the differences.
 */
final class ImageRepair {
    private ImageRepair() {}

    static DeltaWriter.Totals repair(Repository repository, Manifest to, FileChannel channel, SparseFile holes,
            GrainWriter grainWriter, ProgressListener progress) throws IOException {
        DeltaWriter.resize(channel, to.diskSize());
        progress.phase("repair", to.diskSize());
        byte[] buffer = new byte[to.grainSize()];
        byte[] zeros = new byte[to.grainSize()];
        byte[] expected = new byte[Hash.LENGTH];
        RawImage.DataRanges data = new RawImage.DataRanges(holes);
        long grains = 0;
        long dataBytes = 0;
        long zeroGrains = 0;
        for (int s = 0; s < to.segments().size(); s++) {
            Segment segment = repository.readSegment(to, s);
            long base = (long) s * to.segmentGrains();
            Map<Hash, List<Integer>> byChunk = new LinkedHashMap<>();
            long segmentBytes = 0;
            for (int g = 0; g < segment.grains(); g++) {
                long offset = (base + g) * to.grainSize();
                int length = (int) Math.min(to.grainSize(), to.diskSize() - offset);
                segmentBytes += length;
                boolean zero = data.isHole(offset, length) || read(channel, buffer, offset, length)
                        && Arrays.equals(buffer, 0, length, zeros, 0, length);
                if (segment.isZero(g)) {
                    if (!zero) {
                        holes.zero(offset, length);
                        grains++;
                        zeroGrains++;
                    }
                    continue;
                }
                segment.copyHash(g, expected, 0);
                if (zero || !hashMatches(buffer, length, expected)) {
                    byChunk.computeIfAbsent(segment.chunk(g), c -> new ArrayList<>()).add(g);
                    grains++;
                }
            }
            dataBytes += grainWriter.write(s, segment, byChunk);
            progress.advance(segmentBytes);
        }
        return new DeltaWriter.Totals(grains, dataBytes, zeroGrains, 0);
    }

    /** Reads one grain; always true, so it can sit in a condition. */
    private static boolean read(FileChannel channel, byte[] buffer, long offset, int length) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
        while (target.hasRemaining()) {
            if (channel.read(target, offset + target.position()) < 0) {
                Arrays.fill(buffer, target.position(), length, (byte) 0); // past the end reads as zeros
                break;
            }
        }
        return true;
    }

    private static boolean hashMatches(byte[] buffer, int length, byte[] expected) {
        MessageDigest sha = Hash.sha256();
        sha.update(buffer, 0, length);
        return Arrays.equals(sha.digest(), expected);
    }
}
