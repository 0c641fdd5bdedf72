package io.pilotlight.recovery.serve;

import static java.util.Objects.requireNonNull;

import io.pilotlight.nbd.NbdExport;
import io.pilotlight.nbd.NbdExtent;
import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetInUseException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A restore point made writable by a copy-on-write overlay, so a VM can boot and run from it while
 * the repository stays untouched. Written 4 KiB blocks live at their own offsets in a sparse raw
 * overlay file; {@link OverlayMap} records which. A write that covers part of a block not yet in
 * the overlay first copies the rest of the block from the point. {@link #flush()} syncs the
 * overlay file and then records the blocks added since in the map, so the map never names a block
 * whose data is not durable;
 * writes after the last flush may be lost in a crash, as with a disk's volatile write cache.
 * Reopening an overlay resumes it over the same point only; the overlay file is locked while open.
 */
public final class OverlayExport implements NbdExport, Closeable {
    static final int BLOCK = 4096;

    private final NbdExport base;
    private final Path overlay;
    private final FileChannel channel;
    private final FileLock lock;
    private final OverlayMap map;
    /** Every block the overlay holds; {@link #added} those not yet in the map. */
    private final BitSet blocks;
    private final BitSet added = new BitSet();
    private final ReadWriteLock guard = new ReentrantReadWriteLock();

    private OverlayExport(NbdExport base, Path overlay, FileChannel channel, FileLock lock, OverlayMap map,
            BitSet blocks) {
        this.base = base;
        this.overlay = overlay;
        this.channel = channel;
        this.lock = lock;
        this.map = map;
        this.blocks = blocks;
    }

    /**
     * Opens (or creates) {@code overlay} over {@code base}, the point {@code point} of {@code disk} in
     * repository {@code repository}. An overlay made for another point, disk or repository is refused.
     */
    public static OverlayExport open(Path overlay, NbdExport base, String repository, String disk, String point)
            throws IOException {
        Path path = overlay.toAbsolutePath();
        OverlayMap.Header wanted = new OverlayMap.Header(requireNonNull(repository, "repository is null"),
                requireNonNull(disk, "disk is null"), requireNonNull(point, "point is null"), base.size(), BLOCK);
        boolean mapped = Files.exists(OverlayMap.pathFor(path));
        if (mapped) {
            checkResumable(path, OverlayMap.read(path).header(), wanted, point, disk);
        } else if (Files.exists(path)) {
            throw new TargetExistsException("overlay " + path + " exists but has no map ("
                    + OverlayMap.pathFor(path).getFileName() + "); name a new file");
        } else {
            // the map first: a crash then leaves an empty, resumable overlay
            OverlayMap.create(path, wanted, new BitSet());
        }
        boolean existed = Files.exists(path);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new TargetInUseException("overlay " + path + " is in use by another server");
        }
        OverlayMap map;
        BitSet blocks;
        try {
            OverlayMap.Contents contents = OverlayMap.read(path); // again, now that no other server can append
            checkResumable(path, contents.header(), wanted, point, disk);
            if (!contents.blocks().isEmpty() && !existed) {
                throw new TargetExistsException("overlay " + path + " is missing but its map names written blocks");
            }
            if (channel.size() != base.size()) {
                channel.truncate(base.size());
                if (channel.size() < base.size()) {
                    channel.write(ByteBuffer.allocate(1), base.size() - 1);
                }
            }
            map = OverlayMap.append(path, contents);
            blocks = contents.blocks();
        } catch (IOException | RuntimeException e) {
            try {
                lock.release();
            } finally {
                channel.close();
            }
            throw e;
        }
        return new OverlayExport(base, path, channel, lock, map, blocks);
    }

    private static void checkResumable(Path path, OverlayMap.Header found, OverlayMap.Header wanted, String point,
            String disk) throws TargetExistsException {
        if (!found.equals(wanted)) {
            throw new TargetExistsException("overlay " + path + " was made for point " + found.point() + " of disk "
                    + found.disk() + " (repository " + found.repository() + ", " + found.diskSize() + " bytes), not"
                    + " point " + point + " of disk " + disk + "; name another overlay file, or remove " + path
                    + " and " + OverlayMap.pathFor(path).getFileName() + " to start over");
        }
    }

    /** How many 4 KiB blocks the overlay holds. */
    public long blocksWritten() {
        guard.readLock().lock();
        try {
            return blocks.cardinality();
        } finally {
            guard.readLock().unlock();
        }
    }

    @Override
    public long size() {
        return base.size();
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public void read(long offset, ByteBuffer target) throws IOException {
        guard.readLock().lock();
        try {
            long position = offset;
            long end = offset + target.remaining();
            while (position < end) {
                int block = (int) (position / BLOCK);
                boolean inOverlay = blocks.get(block);
                int next = inOverlay ? blocks.nextClearBit(block) : nextSetBit(block);
                long runEnd = Math.min(end, (long) next * BLOCK);
                ByteBuffer slice = target.duplicate().limit(target.position() + (int) (runEnd - position));
                if (inOverlay) {
                    readFully(slice, position);
                } else {
                    base.read(position, slice);
                }
                target.position(slice.limit());
                position = runEnd;
            }
        } finally {
            guard.readLock().unlock();
        }
    }

    @Override
    public void write(long offset, ByteBuffer source) throws IOException {
        if (!source.hasRemaining()) {
            return;
        }
        guard.writeLock().lock();
        try {
            long end = offset + source.remaining();
            int first = (int) (offset / BLOCK);
            int last = (int) ((end - 1) / BLOCK);
            writeFully(source, offset);
            copyFromBase(first, (long) first * BLOCK, offset);
            copyFromBase(last, end, Math.min(size(), (long) (last + 1) * BLOCK));
            for (int block = blocks.nextClearBit(first); block <= last; block = blocks.nextClearBit(block + 1)) {
                added.set(block);
            }
            blocks.set(first, last + 1);
        } finally {
            guard.writeLock().unlock();
        }
    }

    /** Fills {@code [from, to)} of a block new to the overlay with the point's bytes. */
    private void copyFromBase(int block, long from, long to) throws IOException {
        if (from >= to || blocks.get(block)) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) (to - from));
        base.read(from, buffer);
        writeFully(buffer.flip(), from);
    }

    @Override
    public void flush() throws IOException {
        guard.writeLock().lock();
        try {
            channel.force(false);
            map.record(added, blocks);
            added.clear();
        } finally {
            guard.writeLock().unlock();
        }
    }

    @Override
    public List<NbdExtent> allocation(long offset, long length) throws IOException {
        List<NbdExtent> extents = new ArrayList<>();
        guard.readLock().lock();
        try {
            for (NbdExtent extent : base.allocation(offset, length)) {
                long position = extent.offset();
                while (position < extent.end()) {
                    int block = (int) (position / BLOCK);
                    boolean inOverlay = blocks.get(block);
                    int next = inOverlay ? blocks.nextClearBit(block) : nextSetBit(block);
                    long runEnd = Math.min(extent.end(), (long) next * BLOCK);
                    add(extents, position, runEnd - position, inOverlay ? 0 : extent.flags());
                    position = runEnd;
                }
            }
        } finally {
            guard.readLock().unlock();
        }
        return extents;
    }

    private static void add(List<NbdExtent> extents, long offset, long length, int flags) {
        int last = extents.size() - 1;
        if (last >= 0 && extents.get(last).flags() == flags && extents.get(last).end() == offset) {
            NbdExtent previous = extents.remove(last);
            extents.add(new NbdExtent(previous.offset(), previous.length() + length, flags));
        } else {
            extents.add(new NbdExtent(offset, length, flags));
        }
    }

    private int nextSetBit(int block) {
        int next = blocks.nextSetBit(block);
        return next < 0 ? Integer.MAX_VALUE : next;
    }

    private void readFully(ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, at);
            if (n < 0) {
                throw new IOException("overlay " + overlay + " ended at " + at);
            }
            at += n;
        }
    }

    private void writeFully(ByteBuffer source, long position) throws IOException {
        long at = position;
        while (source.hasRemaining()) {
            at += channel.write(source, at);
        }
    }

    /** Flushes, then releases the overlay. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            try {
                lock.release();
            } finally {
                try {
                    channel.close();
                } finally {
                    map.close();
                }
            }
        }
    }
}
