package io.pilotlight.recovery.serve;

import static java.util.Objects.requireNonNull;

import io.pilotlight.nbd.NbdExport;
import io.pilotlight.nbd.NbdExtent;
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
import java.util.List;

/**
 * One restore point served straight from the repository: segments and decoded chunks come through
 * bounded LRU caches; every grain is checked against its recorded SHA-256 before it is first handed
 * out, so a damaged chunk fails the read instead of returning wrong bytes. A cached chunk remembers
 * which of its grains were checked against which hash, so a grain read again while its chunk stays
 * cached is not hashed again, and a chunk is not hashed against its id (its grains are). Zero
 * grains are holes.
 */
public final class PointExport implements NbdExport {
    public static final long DEFAULT_CHUNK_CACHE_BYTES = 64L << 20;
    private static final long SEGMENT_CACHE_BYTES = 16L << 20;

    private final Repository repository;
    private final Manifest manifest;
    private final ByteBoundedCache<Integer, Segment> segments;
    private final ByteBoundedCache<Hash, CheckedChunk> chunks;

    /**
     * A decoded chunk and, per grain slot, the hash its bytes were proven to have (null until then).
     * Races only cost a second check: a slot is set after its check, and the bytes never change.
     */
    private record CheckedChunk(byte[] plain, byte[][] checked) {}

    public PointExport(Repository repository, Manifest manifest, long chunkCacheBytes) {
        this.repository = requireNonNull(repository, "repository is null");
        this.manifest = requireNonNull(manifest, "manifest is null");
        // a segment holds about 40 bytes a grain (hash, chunk reference, offset)
        this.segments = new ByteBoundedCache<>(SEGMENT_CACHE_BYTES, segment -> 40L * segment.grains());
        this.chunks = new ByteBoundedCache<>(chunkCacheBytes, chunk -> chunk.plain().length);
    }

    public Manifest manifest() {
        return manifest;
    }

    @Override
    public long size() {
        return manifest.diskSize();
    }

    @Override
    public void read(long offset, ByteBuffer target) throws IOException {
        long end = offset + target.remaining();
        long position = offset;
        while (position < end) {
            long grain = position / manifest.grainSize();
            int within = (int) (position - grain * manifest.grainSize());
            int length = (int) Math.min(grainLength(grain) - within, end - position);
            Segment segment = segment(grain);
            int g = (int) (grain % manifest.segmentGrains());
            if (segment.isZero(g)) {
                target.put(new byte[length]);
            } else {
                byte[] plain = checkedGrain(segment, g, grain);
                target.put(plain, segment.chunkOffset(g) * manifest.grainSize() + within, length);
            }
            position += length;
        }
    }

    @Override
    public List<NbdExtent> allocation(long offset, long length) throws IOException {
        List<NbdExtent> extents = new ArrayList<>();
        long end = offset + length;
        long position = offset;
        while (position < end) {
            long grain = position / manifest.grainSize();
            long next = Math.min(end, (grain + 1) * manifest.grainSize());
            int flags = segment(grain).isZero((int) (grain % manifest.segmentGrains()))
                    ? NbdExtent.ALLOCATION_HOLE | NbdExtent.ALLOCATION_ZERO : 0;
            int last = extents.size() - 1;
            if (last >= 0 && extents.get(last).flags() == flags) {
                NbdExtent previous = extents.get(last);
                extents.set(last, new NbdExtent(previous.offset(), next - previous.offset(), flags));
            } else {
                extents.add(new NbdExtent(position, next - position, flags));
            }
            position = next;
        }
        return extents;
    }

    /** The plaintext of the chunk holding {@code grain}, after checking that grain's hash (once per cached chunk). */
    private byte[] checkedGrain(Segment segment, int g, long grain) throws IOException {
        Hash chunk = segment.chunk(g);
        CheckedChunk cached = chunks.get(chunk);
        String where = manifest.disk() + "/" + manifest.id() + " offset 0x" + Long.toHexString(grain * manifest.grainSize());
        if (cached == null) {
            byte[] plain;
            try {
                plain = repository.readBlobForGrainChecks(chunk);
            } catch (CorruptObjectException e) {
                throw new CorruptObjectException(where + ": " + e.getMessage());
            }
            cached = new CheckedChunk(plain, new byte[(plain.length + manifest.grainSize() - 1) / manifest.grainSize()][]);
        }
        byte[] plain = cached.plain();
        int slot = segment.chunkOffset(g);
        int from = slot * manifest.grainSize();
        int length = grainLength(grain);
        if (from + length > plain.length) {
            throw new CorruptObjectException(where + ": chunk " + chunk.shortHex() + " has " + plain.length
                    + " bytes, the map needs " + (from + length));
        }
        byte[] expected = new byte[Hash.LENGTH];
        segment.copyHash(g, expected, 0);
        if (!Arrays.equals(cached.checked()[slot], expected)) {
            MessageDigest sha = Hash.sha256();
            Hash.update(sha, plain, from, length);
            if (!Arrays.equals(sha.digest(), expected)) {
                throw new CorruptObjectException(where + ": grain from chunk " + chunk.shortHex() + " in pack "
                        + repository.packKeyOf(chunk).orElse("(none)") + " does not match its recorded hash (checksum"
                        + " mismatch)");
            }
            cached.checked()[slot] = expected;
        }
        chunks.put(chunk, cached);
        return plain;
    }

    private Segment segment(long grain) throws IOException {
        int index = Math.toIntExact(grain / manifest.segmentGrains());
        Segment segment = segments.get(index);
        if (segment == null) {
            segment = repository.readSegment(manifest, index);
            segments.put(index, segment);
        }
        return segment;
    }

    private int grainLength(long grain) {
        return (int) Math.min(manifest.grainSize(), manifest.diskSize() - grain * manifest.grainSize());
    }
}
