package io.pilotlight.recovery.follow;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.image.DeltaWriter;
import io.pilotlight.recovery.image.GrainWriter;
import io.pilotlight.recovery.image.RawImage;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.Segment;
import io.pilotlight.sparse.SparseFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
        byte[] scratch = new byte[Hash.LENGTH];
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
                boolean holds = data.isHole(offset, length) ? segment.isZero(g)
                        : read(channel, buffer, offset, length) && GrainSample.holds(buffer, length, segment, g, scratch);
                if (holds) {
                    continue;
                }
                grains++;
                if (segment.isZero(g)) {
                    holes.zero(offset, length);
                    zeroGrains++;
                } else {
                    byChunk.computeIfAbsent(segment.chunk(g), c -> new ArrayList<>()).add(g);
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
}
