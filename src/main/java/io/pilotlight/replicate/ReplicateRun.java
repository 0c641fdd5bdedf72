package io.pilotlight.replicate;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.BlobType;
import io.pilotlight.repo.BlobWriter;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.ImageDigest;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.RepoConfig;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.Segment;
import io.pilotlight.repo.StoredBlob;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.Extent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The body of one replicate run, segment by segment: windows of candidate grains go to the workers,
 * their results come back in order into the new segment, new chunks into the blob writer, and each
 * finished segment into the writer and the image digest. Memory: one parent and one new segment, and
 * a bounded number of windows in flight.
 */
final class ReplicateRun {
    /** Totals of a run. */
    record Totals(List<String> segments, Hash digest, long readBytes, long changedBytes, long newBytes,
            int newChunks, List<String> warnings) {}

    private final Repository repository;
    private final RepoConfig config;
    private final ChangedBlockSource source;
    private final long diskSize;
    private final Optional<Manifest> parent;
    private final BlobWriter writer;
    private final ExecutorService workers;
    private final int inFlight;
    private final ProgressListener progress;
    private long readBytes;
    private long changedBytes;
    private long newBytes;
    private int newChunks;
    private final List<String> warnings = new ArrayList<>();

    ReplicateRun(Repository repository, ChangedBlockSource source, long diskSize, Optional<Manifest> parent,
            BlobWriter writer, ExecutorService workers, int inFlight, ProgressListener progress) {
        this.repository = repository;
        this.config = repository.config();
        this.source = source;
        this.diskSize = diskSize;
        this.parent = parent;
        this.writer = writer;
        this.workers = workers;
        this.inFlight = inFlight;
        this.progress = progress;
    }

    Totals run(List<Extent> changed, List<Extent> knownZero) throws IOException {
        BitSet candidates = candidates(changed);
        BitSet zeros = zeroGrains(knownZero);
        zeros.and(candidates);
        candidates.andNot(zeros);
        progress.phase("read", (long) candidates.cardinality() * config.grainSize());
        int grainSize = config.grainSize();
        int segmentGrains = config.segmentGrains();
        int segments = Manifest.segmentCount(diskSize, grainSize, segmentGrains);
        long totalGrains = (diskSize + grainSize - 1) / grainSize;
        List<String> ids = new ArrayList<>(segments);
        ImageDigest digest = new ImageDigest(diskSize, grainSize);
        for (int s = 0; s < segments; s++) {
            int grains = (int) Math.min(segmentGrains, totalGrains - (long) s * segmentGrains);
            Segment parentSegment = parentSegment(s);
            BitSet forced = unindexedGrains(s, parentSegment, grains);
            candidates.or(shifted(forced, (long) s * segmentGrains));
            Segment segment = parentSegment == null ? Segment.zeros(grains) : Segment.copyOf(parentSegment, grains);
            fill(s, segment, parentSegment, candidates, forced);
            applyZeros(s, segment, parentSegment, zeros);
            byte[] encoded = segment.encode();
            StoredBlob blob = StoredBlob.of(BlobType.SEGMENT, encoded, 0, encoded.length);
            writer.add(blob);
            requireIndexed(s, segment);
            ids.add(blob.id().hex());
            digest.addSegment(segment);
        }
        return new Totals(ids, digest.finish(), readBytes, changedBytes, newBytes, newChunks, List.copyOf(warnings));
    }

    /**
     * Segment {@code index} of the parent, or null when there is none or it cannot be read (then
     * every grain of the segment is read from the source, with a warning).
     */
    private Segment parentSegment(int index) throws IOException {
        if (parent.isEmpty() || index >= parent.get().segments().size()) {
            return null;
        }
        try {
            return repository.readSegment(parent.get(), index);
        } catch (CorruptObjectException e) {
            warn("the parent's segment " + index + " cannot be read, so its grains were read again from the source: "
                    + e.getMessage());
            return null;
        }
    }

    /**
     * Grains of segment {@code s} (segment-relative) to read from the source whatever the source
     * says changed: all of them when the parent has the segment but it cannot be read; else those
     * whose parent chunk the index does not hold (an index file deleted or damaged, or the chunk
     * taken out of use by {@code repair packs}): a new point must never name such a chunk.
     */
    private BitSet unindexedGrains(int s, Segment parentSegment, int grains) {
        BitSet forced = new BitSet(grains);
        if (parentSegment == null) {
            if (parent.isPresent() && s < parent.get().segments().size()) {
                forced.set(0, grains);
            }
            return forced;
        }
        java.util.Map<Hash, Boolean> indexed = new java.util.HashMap<>();
        int lost = 0;
        for (int g = 0; g < Math.min(grains, parentSegment.grains()); g++) {
            if (!parentSegment.isZero(g) && !indexed.computeIfAbsent(parentSegment.chunk(g), writer::indexed)) {
                forced.set(g);
                lost++;
            }
        }
        if (lost > 0) {
            warn(lost + " grain(s) of segment " + s + " named chunks the index does not hold, and were read again"
                    + " from the source");
        }
        return forced;
    }

    private static BitSet shifted(BitSet bits, long by) {
        BitSet shifted = new BitSet();
        for (int g = bits.nextSetBit(0); g >= 0; g = bits.nextSetBit(g + 1)) {
            shifted.set(Math.toIntExact(g + by));
        }
        return shifted;
    }

    /** The commit check: every chunk the new segment names is indexed or on its way (never a lost one). */
    private void requireIndexed(int s, Segment segment) {
        for (Hash chunk : segment.referencedChunks()) {
            if (!writer.indexed(chunk)) {
                throw new IllegalStateException("segment " + s + " of the new point names chunk " + chunk.shortHex()
                        + ", which is in no index: a point must never name a blob that is not stored");
            }
        }
    }

    private void warn(String message) {
        warnings.add(message);
        progress.warn(message);
    }

    /** Grains to read: what the source reports, plus everything past the parent's last full grain. */
    private BitSet candidates(List<Extent> changed) {
        int grainSize = config.grainSize();
        int totalGrains = Math.toIntExact((diskSize + grainSize - 1) / grainSize);
        BitSet candidates = new BitSet(totalGrains);
        for (Extent extent : changed) {
            if (extent.end() > diskSize) {
                throw new IllegalStateException("source " + source.uri() + " reported extent " + extent.offset() + "+"
                        + extent.length() + " past the disk's end " + diskSize);
            }
            candidates.set(Math.toIntExact(extent.offset() / grainSize),
                    Math.toIntExact((extent.end() + grainSize - 1) / grainSize));
        }
        if (parent.isPresent() && parent.get().diskSize() != diskSize) {
            long shared = Math.min(parent.get().diskSize(), diskSize);
            candidates.set(Math.toIntExact(shared / grainSize), totalGrains);
        }
        return candidates;
    }

    /** Grains that lie entirely inside {@code knownZero} (the disk's last grain may be short). */
    private BitSet zeroGrains(List<Extent> knownZero) {
        int grainSize = config.grainSize();
        BitSet zeros = new BitSet();
        for (Extent extent : knownZero) {
            if (extent.end() > diskSize) {
                throw new IllegalStateException("source " + source.uri() + " reported zero extent " + extent.offset()
                        + "+" + extent.length() + " past the disk's end " + diskSize);
            }
            long first = (extent.offset() + grainSize - 1) / grainSize;
            long end = extent.end() == diskSize ? (diskSize + grainSize - 1) / grainSize : extent.end() / grainSize;
            if (first < end) {
                zeros.set(Math.toIntExact(first), Math.toIntExact(end));
            }
        }
        return zeros;
    }

    /** Known-zero candidate grains of segment {@code s}: zero where the parent had data, unread. */
    private void applyZeros(int s, Segment segment, Segment parentSegment, BitSet zeros) {
        int firstGrain = Math.toIntExact((long) s * config.segmentGrains());
        long totalGrains = (diskSize + config.grainSize() - 1) / config.grainSize();
        for (int g = zeros.nextSetBit(firstGrain); g >= 0 && g < firstGrain + segment.grains();
                g = zeros.nextSetBit(g + 1)) {
            int local = g - firstGrain;
            if (parentSegment != null && local < parentSegment.grains() && !parentSegment.isZero(local)) {
                segment.setZero(local);
                changedBytes += g == totalGrains - 1 ? diskSize - (long) g * config.grainSize() : config.grainSize();
            }
        }
    }

    private void fill(int s, Segment segment, Segment parentSegment, BitSet candidates, BitSet forced)
            throws IOException {
        long firstGrain = (long) s * config.segmentGrains();
        long segmentOffset = firstGrain * config.grainSize();
        Window window = new Window(source, writer, parentSegment, forced, segmentOffset, config.grainSize(), diskSize);
        Deque<Future<Window.Result>> pending = new ArrayDeque<>();
        for (int w = 0; w < segment.grains(); w += config.chunkGrains()) {
            List<Window.Run> runs = runs(candidates, firstGrain, w, Math.min(w + config.chunkGrains(), segment.grains()));
            if (runs.isEmpty()) {
                continue;
            }
            pending.add(workers.submit(() -> window.process(runs)));
            while (pending.size() >= inFlight) {
                apply(segment, parentSegment, await(pending.poll()));
            }
        }
        while (!pending.isEmpty()) {
            apply(segment, parentSegment, await(pending.poll()));
        }
    }

    private static List<Window.Run> runs(BitSet candidates, long firstGrain, int from, int to) {
        List<Window.Run> runs = new ArrayList<>();
        int base = Math.toIntExact(firstGrain);
        int g = candidates.nextSetBit(base + from);
        while (g >= 0 && g < base + to) {
            int end = Math.min(candidates.nextClearBit(g), base + to);
            runs.add(new Window.Run(g - base, end - base));
            g = candidates.nextSetBit(end);
        }
        return runs;
    }

    private void apply(Segment segment, Segment parentSegment, Window.Result result) throws IOException {
        readBytes += result.readBytes();
        progress.advance(result.readBytes());
        List<Window.Grain> grains = result.grains();
        for (int i = 0; i < grains.size(); i++) {
            Window.Grain grain = grains.get(i);
            switch (grain.change()) {
                case UNCHANGED -> { }
                case ZERO -> {
                    segment.setZero(grain.grain());
                    changedBytes += grain.length();
                }
                case DATA -> {
                    segment.setData(grain.grain(), grain.chunk(), grain.chunkOffset(), result.hashes(), i * Hash.LENGTH);
                    changedBytes += grain.length();
                }
                case RESTORED -> segment.setData(grain.grain(), grain.chunk(), grain.chunkOffset(), result.hashes(),
                        i * Hash.LENGTH);
            }
        }
        for (StoredBlob chunk : result.chunks()) {
            if (writer.add(chunk)) {
                newBytes += chunk.rawLength();
                newChunks++;
            }
        }
    }

    private static Window.Result await(Future<Window.Result> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the source");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }
}
