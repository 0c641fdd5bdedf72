package io.pilotlight.recovery.image;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.Segment;
import io.pilotlight.sparse.SparseFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an image holding any mixture of the grains of points {@code from} (one point, or several
 * when earlier applies were interrupted) and of {@code to} into point {@code to}, writing only the
 * grains where {@code to} differs from any of {@code from}. A segment whose blob id is the same in
 * all the points is skipped whole; otherwise grains are compared by content (zero, or the SHA-256
 * of the data). Data grains go through a {@link GrainWriter};
 * runs of grains that became zero are punched as holes where the file system allows, else written
 * as zeros ({@link SparseFile#zero}).
 */
public final class DeltaWriter {
    /** Totals of one apply. */
    public record Totals(long grains, long dataBytes, long zeroGrains, int segmentsSkipped) {}

    private final Repository repository;
    private final List<Manifest> from;
    private final Manifest to;
    private final FileChannel channel;
    private final SparseFile holes;
    private final GrainWriter.Hook hook;
    private final GrainWriter grainWriter;
    private final ProgressListener progress;
    private long grains;
    private long dataBytes;
    private long zeroGrains;
    private int skipped;
    private long zeroRunStart = -1;
    private long zeroRunEnd = -1;

    /**
     * {@code grainWriter} writes the data grains to {@code channel} (and checks them, or not);
     * {@code progress} hears of the disk segment by segment, as phase "apply".
     */
    public DeltaWriter(Repository repository, List<Manifest> from, Manifest to, FileChannel channel, SparseFile holes,
            GrainWriter grainWriter, GrainWriter.Hook hook, ProgressListener progress) {
        for (Manifest point : from) {
            if (point.grainSize() != to.grainSize() || point.segmentGrains() != to.segmentGrains()) {
                throw new IllegalArgumentException("points " + point.id() + " and " + to.id() + " of " + to.disk()
                        + " have different grain or segment sizes");
            }
        }
        this.repository = repository;
        this.from = List.copyOf(from);
        this.to = to;
        this.channel = channel;
        this.holes = holes;
        this.hook = hook;
        this.grainWriter = grainWriter;
        this.progress = progress;
    }

    /** Resizes the image to {@code to}'s disk size and writes the differing grains. */
    public Totals write() throws IOException {
        resize(channel, to.diskSize());
        progress.phase("apply", to.diskSize());
        long segmentBytes = (long) to.segmentGrains() * to.grainSize();
        for (int s = 0; s < to.segments().size(); s++) {
            String id = to.segments().get(s);
            int segment = s;
            if (from.stream().allMatch(point -> segment < point.segments().size()
                    && point.segments().get(segment).equals(id))) {
                skipped++;
            } else {
                List<Segment> old = new ArrayList<>(from.size());
                for (Manifest point : from) {
                    old.add(s < point.segments().size() ? repository.readSegment(point, s) : null);
                }
                writeSegment(s, old, repository.readSegment(to, s));
            }
            progress.advance(Math.min(segmentBytes, to.diskSize() - s * segmentBytes));
        }
        flushZeroRun();
        return new Totals(grains, dataBytes, zeroGrains, skipped);
    }

    /** Grows (with zeros) or shrinks the image to exactly {@code size} bytes. */
    public static void resize(FileChannel channel, long size) throws IOException {
        if (channel.size() > size) {
            channel.truncate(size);
        } else if (channel.size() < size) {
            channel.write(ByteBuffer.allocate(1), size - 1);
        }
    }

    /** {@code old}: segment {@code s} of each point in {@code from}, null where a point has none. */
    private void writeSegment(int s, List<Segment> old, Segment target) throws IOException {
        long base = (long) s * to.segmentGrains();
        byte[] hash = new byte[Hash.LENGTH];
        Map<Hash, List<Integer>> byChunk = new LinkedHashMap<>();
        for (int g = 0; g < target.grains(); g++) {
            if (target.isZero(g)) {
                if (anyData(old, g)) {
                    hook.beforeWrite(base + g);
                    zero(offset(base + g), grainLength(base + g));
                    grains++;
                    zeroGrains++;
                }
                continue;
            }
            target.copyHash(g, hash, 0);
            if (anyDiffers(old, base, g, hash)) {
                byChunk.computeIfAbsent(target.chunk(g), c -> new ArrayList<>()).add(g);
            }
        }
        for (List<Integer> list : byChunk.values()) {
            grains += list.size();
        }
        dataBytes += grainWriter.write(s, target, byChunk);
    }

    /** Adds a range to the run of zero grains, zeroing the run so far when this one does not extend it. */
    private void zero(long offset, int length) throws IOException {
        if (offset != zeroRunEnd) {
            flushZeroRun();
            zeroRunStart = offset;
        }
        zeroRunEnd = offset + length;
    }

    private void flushZeroRun() throws IOException {
        if (zeroRunStart >= 0) {
            holes.zero(zeroRunStart, zeroRunEnd - zeroRunStart);
        }
        zeroRunStart = -1;
        zeroRunEnd = -1;
    }

    private long offset(long grain) {
        return grain * to.grainSize();
    }

    private int grainLength(long grain) {
        return (int) Math.min(to.grainSize(), to.diskSize() - offset(grain));
    }

    /** Whether grain {@code g} holds data in any of the old points. */
    private static boolean anyData(List<Segment> old, int g) {
        for (Segment segment : old) {
            if (segment != null && g < segment.grains() && !segment.isZero(g)) {
                return true;
            }
        }
        return false;
    }

    /** Whether grain {@code g} of any old point is zero, other data ({@code hash}) or another length. */
    private boolean anyDiffers(List<Segment> old, long base, int g, byte[] hash) {
        for (int i = 0; i < old.size(); i++) {
            Segment segment = old.get(i);
            long oldLength = Math.max(0, Math.min(to.grainSize(), from.get(i).diskSize() - offset(base + g)));
            if (segment == null || g >= segment.grains() || segment.isZero(g) || !segment.hasHash(g, hash, 0)
                    || grainLength(base + g) != oldLength) {
                return true;
            }
        }
        return false;
    }
}
