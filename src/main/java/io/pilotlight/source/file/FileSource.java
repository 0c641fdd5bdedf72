package io.pilotlight.source.file;

import static java.util.Objects.requireNonNull;

import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.Extent;
import io.pilotlight.source.ExtentChanges;
import io.pilotlight.sparse.SparseFile;
import io.pilotlight.sparse.SparseFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A raw disk image file or a block device, opened read-only. It tracks no changes, so every run is
 * a full pass: the pipeline hashes every grain and stores those that differ from the parent point;
 * the file's holes are reported as known zeros and not read. The size is taken once, at open: {@code FileChannel.size()}, or for a block device whose
 * size the JDK reports as 0, {@code /sys/class/block/<name>/size} ({@link SysClassBlock}).
 *
 * <p>{@link #read} uses positional reads and may be called from several threads. As with any
 * {@link FileChannel}, interrupting a thread blocked in {@link #read} closes the channel, and later
 * reads fail with {@link java.nio.channels.ClosedChannelException}.
 */
public final class FileSource implements ChangedBlockSource {
    /** The only change token this source issues: "compare hashes with the parent point". */
    public static final String HASH_COMPARE_TOKEN = "hash-compare";
    /** {@code S_IFMT} and {@code S_IFBLK} from {@code stat(2)}. */
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int BLOCK_DEVICE = 0060000;
    /** Holes kept at most (about 40 MB of extents); smaller ones hold no whole grain of 4 KiB. */
    static final int MAX_HOLES = 1 << 20;
    private static final long MIN_HOLE = 4096;

    private final String uri;
    private final Path path;
    private final FileChannel channel;
    private final long size;

    private FileSource(String uri, Path path, FileChannel channel, long size) {
        this.uri = uri;
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /** Opens {@code path}, naming it {@code file:<absolute path>}. */
    public static FileSource open(Path path) throws IOException {
        return open("file:" + path.toAbsolutePath(), path);
    }

    /** Opens {@code path}, naming it {@code uri} (as the user wrote it) in messages. */
    public static FileSource open(String uri, Path path) throws IOException {
        requireNonNull(uri, "uri is null");
        requireNonNull(path, "path is null");
        String name = describe(uri, path);
        boolean blockDevice = checkKind(name, path);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (AccessDeniedException e) {
            throw new IOException("source " + name + ": not readable: permission denied", e);
        } catch (IOException e) {
            throw new IOException("source " + name + ": cannot open for reading: " + e.getMessage(), e);
        }
        try {
            return new FileSource(uri, path, channel, sizeOf(name, path, channel, blockDevice));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public String uri() {
        return uri;
    }

    /** The file or device read. */
    public Path path() {
        return path;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ChangeSet changes(Optional<String> sinceToken) throws IOException {
        List<String> warnings = sinceToken
                .filter(token -> !token.equals(HASH_COMPARE_TOKEN))
                .map(token -> List.of("source " + uri + ": change token '" + token + "' was not issued by a file:"
                        + " source (it issues '" + HASH_COMPARE_TOKEN + "'); reading the whole disk"))
                .orElse(List.of());
        return ExtentChanges.full(size, holes(), Optional.of(HASH_COMPARE_TOKEN), warnings);
    }

    /**
     * The file's holes ({@code SEEK_HOLE}/{@code SEEK_DATA}): they read as zeros, so the pipeline
     * takes their grains as zero grains without reading them. None for a block device, where holes
     * cannot be found, or past {@link #MAX_HOLES} (the rest is read, which is only slower).
     */
    List<Extent> holes() throws IOException {
        List<Extent> holes = new ArrayList<>();
        if (channel.size() != size) {
            return holes; // a block device (the channel says 0), or a file that changed size since open
        }
        try (SparseFile sparse = SparseFiles.open(path, channel, false)) {
            long position = 0;
            while (position < size && holes.size() < MAX_HOLES) {
                long hole = Math.min(sparse.nextHole(position), size);
                long data = hole >= size ? size : Math.min(sparse.nextData(hole), size);
                if (data <= position) {
                    break;
                }
                if (data - hole >= MIN_HOLE) {
                    holes.add(new Extent(hole, data - hole));
                }
                position = data;
            }
        }
        return holes;
    }

    @Override
    public void read(long offset, ByteBuffer target) throws IOException {
        requireNonNull(target, "target is null");
        int length = target.remaining();
        if (offset < 0) {
            throw new IllegalArgumentException("source " + describe(uri, path) + ": offset " + offset + " is negative");
        }
        if (offset > size - length) {
            throw new IOException("source " + describe(uri, path) + ": read of " + length + " bytes at offset "
                    + offset + " runs past the end of the disk (size " + size + ")");
        }
        long position = offset;
        while (target.hasRemaining()) {
            int read = channel.read(target, position);
            if (read < 0) {
                throw new IOException("source " + describe(uri, path) + ": file ends at offset " + position
                        + " while reading " + length + " bytes at offset " + offset + "; it was " + size
                        + " bytes when the run started: truncated during the run?");
            }
            position += read;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "FileSource[" + uri + "]";
    }

    /** Returns whether {@code path} is a block device; throws unless it is one or a regular file. */
    private static boolean checkKind(String name, Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new IOException("source " + name + ": no such file", e);
        }
        if (attributes.isRegularFile()) {
            return false;
        }
        if (attributes.isDirectory()) {
            throw new IOException("source " + name + ": is a directory; expected a disk image file or a block device");
        }
        if (!isBlockDevice(path)) {
            throw new IOException("source " + name + ": is neither a regular file nor a block device");
        }
        return true;
    }

    private static boolean isBlockDevice(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return (mode & FILE_TYPE_MASK) == BLOCK_DEVICE;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return false; // no unix attribute view: no block devices we know how to read
        }
    }

    private static long sizeOf(String name, Path path, FileChannel channel, boolean blockDevice) throws IOException {
        long size = channel.size();
        if (size > 0 || !blockDevice) {
            return size;
        }
        OptionalLong fromSys = SysClassBlock.LINUX.sizeOf(path);
        if (fromSys.isEmpty()) {
            throw new IOException("source " + name + ": cannot tell the size of this block device: the JDK reports 0"
                    + " and " + SysClassBlock.LINUX.directory() + " does not list " + path.toRealPath().getFileName());
        }
        return fromSys.getAsLong();
    }

    /** The URI, followed by the absolute path when the URI does not already end with it. */
    private static String describe(String uri, Path path) {
        String absolute = path.toAbsolutePath().normalize().toString();
        return uri.endsWith(absolute) ? uri : uri + " (" + absolute + ")";
    }
}
