package io.pilotlight.replicate;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.BlobType;
import io.pilotlight.repo.BlobWriter;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.Hash;
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
    private final boolean parentChecked;
    private final BlobWriter writer;
    private final ExecutorService workers;
    private final int inFlight;
    private final ProgressListener progress;
    private final WindowBuffers buffers = new WindowBuffers();
    private long readBytes;
    private long changedBytes;
    private long newBytes;
    private int newChunks;
    private final List<String> warnings = new ArrayList<>();
    /** The parent segment read last and its id; segments are only read, never changed. */
    private Hash lastParentId;
    private Segment lastParent;
    /** Parent segment ids a quiet segment may name unread (all their chunks indexed): whether all zero. */
    private final java.util.Map<Hash, Boolean> checkedSegments = new java.util.HashMap<>();

    /**
     * {@code parentChecked}: every chunk the parent names is known to be indexed in {@code writer}
     * ({@link CheckedPoints}), so its unchanged segments are named without being read.
     */
    ReplicateRun(Repository repository, ChangedBlockSource source, long diskSize, Optional<Manifest> parent,
            boolean parentChecked, BlobWriter writer, ExecutorService workers, int inFlight,
            ProgressListener progress) {
        this.repository = repository;
        this.config = repository.config();
        this.source = source;
        this.diskSize = diskSize;
        this.parent = parent;
        this.parentChecked = parentChecked;
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
        DeferredDigest digest = new DeferredDigest(diskSize, grainSize, parent
                .filter(p -> p.diskSize() == diskSize && p.grainSize() == grainSize
                        && p.segmentGrains() == segmentGrains && p.segments().size() == segments)
                .map(p -> Hash.fromHex(p.digest())), this::readParent);
        for (int s = 0; s < segments; s++) {
            int grains = (int) Math.min(segmentGrains, totalGrains - (long) s * segmentGrains);
            int first = Math.toIntExact((long) s * segmentGrains);
            int nextCandidate = candidates.nextSetBit(first);
            Optional<Hash> quiet = nextCandidate >= 0 && nextCandidate < first + grains ? Optional.empty()
                    : quietReuse(s, grains);
            if (quiet.isPresent()) {
                ids.add(quiet.get().hex());
                digest.addReused(s, grains, checkedSegments.getOrDefault(quiet.get(), false));
                continue;
            }
            Segment parentSegment = parentSegment(s);
            BitSet forced = unindexedGrains(s, parentSegment, grains);
            BitSet local = candidates.get(first, first + grains);
            local.or(forced);
            Segment segment = parentSegment == null ? Segment.zeros(grains) : Segment.copyOf(parentSegment, grains);
            boolean touched = fill(s, segment, parentSegment, local, forced);
            touched |= applyZeros(s, segment, parentSegment, zeros.get(first, first + grains));
            Optional<Hash> reuse = touched ? Optional.empty() : reusable(s, parentSegment, grains);
            ids.add(store(s, segment, reuse));
            digest.add(segment, reuse.isPresent());
        }
        return new Totals(ids, digest.finish(), readBytes, changedBytes, newBytes, newChunks, List.copyOf(warnings));
    }

    /**
     * The parent's segment {@code s} by id, when the source reports nothing changed in it and the
     * new point may name it unread: same grains, the blob still stored, and every chunk it names
     * indexed (§10 step 4's commit check: known for the whole parent when {@code parentChecked}, else
     * made once per distinct segment id of the run, the all-zero segments of a sparse disk being
     * one). Empty sends the segment down the reading path, which warns.
     */
    private Optional<Hash> quietReuse(int s, int grains) throws IOException {
        if (parent.isEmpty() || s >= parent.get().segments().size() || parent.get().grainsIn(s) != grains) {
            return Optional.empty();
        }
        Hash id = parent.get().segment(s);
        if (!writer.known(id)) {
            return Optional.empty();
        }
        if (!parentChecked && !checkedSegments.containsKey(id)) {
            Segment segment;
            try {
                segment = readParent(s);
            } catch (CorruptObjectException e) {
                return Optional.empty();
            }
            if (segment.grains() != grains || !segment.referencedChunks().stream().allMatch(writer::indexed)) {
                return Optional.empty();
            }
            checkedSegments.put(id, segment.allZero());
        }
        return Optional.of(id);
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
            return readParent(index);
        } catch (CorruptObjectException e) {
            warn("the parent's segment " + index + " cannot be read, so its grains were read again from the source: "
                    + e.getMessage());
            return null;
        }
    }

    /** Segment {@code index} of the parent; a run of equal segments (all zero, mostly) is read and decoded once. */
    private Segment readParent(int index) throws IOException {
        Hash id = parent.orElseThrow().segment(index);
        if (!id.equals(lastParentId)) {
            lastParent = repository.readSegment(parent.get(), index);
            lastParentId = id;
        }
        return lastParent;
    }

    /**
     * The id of segment {@code s}: the parent's when nothing in it changed and that blob is still
     * stored (a no-change cycle writes, hashes and compresses no segment), else the new encoding.
     */
    private String store(int s, Segment segment, Optional<Hash> reuse) throws IOException {
        requireIndexed(s, segment);
        if (reuse.isPresent()) {
            return reuse.get().hex();
        }
        byte[] encoded = segment.encode();
        StoredBlob blob = StoredBlob.of(BlobType.SEGMENT, writer.idOf(encoded, 0, encoded.length), encoded, 0,
                encoded.length);
        writer.add(blob);
        return blob.id().hex();
    }

    /** The parent's segment {@code s}, when the new one may name it: same grains, still stored. */
    private Optional<Hash> reusable(int s, Segment parentSegment, int grains) {
        if (parentSegment == null || parentSegment.grains() != grains) {
            return Optional.empty();
        }
        Hash id = parent.get().segment(s);
        return writer.known(id) ? Optional.of(id) : Optional.empty();
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

    /**
     * Known-zero candidate grains of segment {@code s} ({@code zeros}, segment-relative): zero where
     * the parent had data, unread. Returns whether any grain changed.
     */
    private boolean applyZeros(int s, Segment segment, Segment parentSegment, BitSet zeros) {
        if (parentSegment == null || parentSegment.allZero()) {
            return false;
        }
        long firstGrain = (long) s * config.segmentGrains();
        long totalGrains = (diskSize + config.grainSize() - 1) / config.grainSize();
        boolean changed = false;
        for (int g = zeros.nextSetBit(0); g >= 0 && g < segment.grains(); g = zeros.nextSetBit(g + 1)) {
            if (g < parentSegment.grains() && !parentSegment.isZero(g)) {
                segment.setZero(g);
                changedBytes += firstGrain + g == totalGrains - 1 ? diskSize - (firstGrain + g) * config.grainSize()
                        : config.grainSize();
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Reads, classifies and stores the segment's candidate grains ({@code candidates},
     * segment-relative); returns whether any grain of the segment changed.
     */
    private boolean fill(int s, Segment segment, Segment parentSegment, BitSet candidates, BitSet forced)
            throws IOException {
        long firstGrain = (long) s * config.segmentGrains();
        long segmentOffset = firstGrain * config.grainSize();
        Window window = new Window(source, writer, buffers, parentSegment, forced, segmentOffset, config.grainSize(),
                diskSize);
        Deque<Future<Window.Result>> pending = new ArrayDeque<>();
        boolean changed = false;
        int chunkGrains = config.chunkGrains();
        for (int next = candidates.nextSetBit(0); next >= 0 && next < segment.grains();
                next = candidates.nextSetBit(next)) {
            int w = next - next % chunkGrains;
            List<Window.Run> runs = runs(candidates, w, Math.min(w + chunkGrains, segment.grains()));
            next = w + chunkGrains;
            pending.add(workers.submit(() -> window.process(runs)));
            while (pending.size() >= inFlight) {
                changed |= apply(segment, await(pending.poll()));
            }
        }
        while (!pending.isEmpty()) {
            changed |= apply(segment, await(pending.poll()));
        }
        return changed;
    }

    private static List<Window.Run> runs(BitSet candidates, int from, int to) {
        List<Window.Run> runs = new ArrayList<>();
        int g = candidates.nextSetBit(from);
        while (g >= 0 && g < to) {
            int end = Math.min(candidates.nextClearBit(g), to);
            runs.add(new Window.Run(g, end));
            g = candidates.nextSetBit(end);
        }
        return runs;
    }

    /** Applies a window's result to the segment; returns whether any grain of it changed. */
    private boolean apply(Segment segment, Window.Result result) throws IOException {
        boolean changed = false;
        readBytes += result.readBytes();
        progress.advance(result.readBytes());
        List<Window.Grain> grains = result.grains();
        for (int i = 0; i < grains.size(); i++) {
            Window.Grain grain = grains.get(i);
            changed |= grain.change() != Window.Change.UNCHANGED;
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
        buffers.give(result.buffer());
        return changed;
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
