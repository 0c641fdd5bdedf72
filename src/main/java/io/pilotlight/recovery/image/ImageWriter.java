package io.pilotlight.recovery.image;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.ImageDigest;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.Segment;
import io.pilotlight.sparse.Writeback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one restore point's grains to a channel, segment by segment, through a {@link GrainWriter}
 * (grains checked while written unless the caller proves the image by its digest afterwards); the
 * image digest of the segments is compared with the manifest.
 */
public final class ImageWriter {
    private final Repository repository;
    private final Manifest manifest;
    private final FileChannel channel;
    private final Writeback writeback;
    private final boolean writeZeros;
    private final boolean checkGrains;
    private final ProgressListener progress;

    /**
     * {@code writeZeros} for a target that is not a new sparse file; {@code checkGrains} false leaves
     * the proof to the caller, which must recompute the digest of the written image and compare it
     * with the manifest's (then the digest of the segments is not computed here either: at 2 TiB it
     * hashes 1 GiB of grain hashes, a third of a first follow's CPU).
     */
    public ImageWriter(Repository repository, Manifest manifest, FileChannel channel, Writeback writeback,
            boolean writeZeros, boolean checkGrains, ProgressListener progress) {
        this.repository = repository;
        this.manifest = manifest;
        this.channel = channel;
        this.writeback = writeback;
        this.writeZeros = writeZeros;
        this.checkGrains = checkGrains;
        this.progress = progress;
    }

    /** Writes the image; returns the bytes of data (non-zero grains) written. */
    public long write() throws IOException {
        progress.phase("restore", manifest.diskSize());
        ImageDigest digest = new ImageDigest(manifest.diskSize(), manifest.grainSize());
        long data = 0;
        try (GrainWriter grains = new GrainWriter(repository, manifest, channel, writeback, checkGrains,
                GrainWriter.Hook.NONE, progress)) {
            Segment segment = null;
            for (int s = 0; s < manifest.segments().size(); s++) {
                if (s == 0 || !manifest.segment(s).equals(manifest.segment(s - 1))
                        || segment.grains() != manifest.grainsIn(s)) {
                    segment = repository.readSegment(manifest, s); // a run of equal segments is read once
                }
                data += grains.write(s, segment, dataGrains(s, segment));
                if (checkGrains) {
                    digest.addSegment(segment);
                }
            }
        }
        if (!checkGrains) {
            return data; // the caller recomputes the written image's digest: a second pass here proves nothing more
        }
        String actual = digest.finish().hex();
        if (!actual.equals(manifest.digest())) {
            throw new CorruptObjectException("restore point " + manifest.disk() + "/" + manifest.id()
                    + ": image digest of its segments is " + actual + ", the manifest records " + manifest.digest());
        }
        return data;
    }

    /** The segment's data grains by chunk; zero grains are written here when asked, else skipped. */
    private Map<Hash, List<Integer>> dataGrains(int s, Segment segment) throws IOException {
        long base = (long) s * manifest.segmentGrains();
        Map<Hash, List<Integer>> byChunk = new LinkedHashMap<>();
        if (segment.allZero() && !writeZeros) { // nothing to write: no pass over its grains
            long start = base * manifest.grainSize();
            progress.advance(Math.min((long) segment.grains() * manifest.grainSize(), manifest.diskSize() - start));
            return byChunk;
        }
        long zeroBytes = 0;
        for (int g = 0; g < segment.grains(); g++) {
            if (segment.isZero(g)) {
                long offset = (base + g) * manifest.grainSize();
                int length = (int) Math.min(manifest.grainSize(), manifest.diskSize() - offset);
                zeroBytes += length;
                if (writeZeros) {
                    channel.write(ByteBuffer.allocate(length), offset);
                    writeback.wrote(length);
                }
            } else {
                byChunk.computeIfAbsent(segment.chunk(g), c -> new ArrayList<>()).add(g);
            }
        }
        progress.advance(zeroBytes);
        return byChunk;
    }
}
