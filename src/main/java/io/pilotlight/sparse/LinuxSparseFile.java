package io.pilotlight.sparse;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Holes through libc on a descriptor of its own (opened on the same path as the caller's channel).
 * A file system that cannot punch holes ({@code EOPNOTSUPP}) turns it into zero writing for the rest
 * of its life; one that cannot seek data treats the whole file as data.
 */
final class LinuxSparseFile implements SparseFile {
    private final LinuxC libc;
    private final int fd;
    private final Path path;
    private final FileChannel channel;
    private String zerosBecause;
    private boolean seekable = true;

    private LinuxSparseFile(LinuxC libc, int fd, Path path, FileChannel channel) {
        this.libc = libc;
        this.fd = fd;
        this.path = path;
        this.channel = channel;
    }

    static LinuxSparseFile open(LinuxC libc, Path path, FileChannel channel, boolean write) throws IOException {
        int flags = (write ? LinuxC.O_RDWR : LinuxC.O_RDONLY) | LinuxC.O_CLOEXEC;
        try {
            return new LinuxSparseFile(libc, libc.open(path.toString(), flags), path, channel);
        } catch (LastErrorException e) {
            throw new IOException(path + ": cannot open to find or punch holes: errno " + e.getErrorCode());
        }
    }

    @Override
    public boolean zero(long offset, long length) throws IOException {
        if (zerosBecause == null) {
            try {
                libc.fallocate(fd, LinuxC.FALLOC_FL_PUNCH_HOLE | LinuxC.FALLOC_FL_KEEP_SIZE, offset, length);
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LinuxC.EOPNOTSUPP) {
                    throw new IOException(path + ": punching a hole of " + length + " bytes at " + offset
                            + " failed: errno " + e.getErrorCode());
                }
                zerosBecause = "the file system of " + path + " cannot punch holes";
            }
        }
        ZeroWritingFile.writeZeros(channel, offset, length);
        return false;
    }

    @Override
    public long nextData(long offset) throws IOException {
        return seek(offset, LinuxC.SEEK_DATA, Math.min(offset, channel.size()));
    }

    @Override
    public long nextHole(long offset) throws IOException {
        return seek(offset, LinuxC.SEEK_HOLE, Math.max(offset, channel.size()));
    }

    private long seek(long offset, int whence, long allData) throws IOException {
        long size = channel.size();
        if (offset >= size) {
            return size;
        }
        if (!seekable) {
            return allData;
        }
        try {
            return Math.min(libc.lseek(fd, offset, whence), size);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LinuxC.ENXIO) {
                return size; // no data after offset
            }
            if (e.getErrorCode() == LinuxC.EINVAL || e.getErrorCode() == LinuxC.EOPNOTSUPP) {
                seekable = false;
                return allData;
            }
            throw new IOException(path + ": seeking " + (whence == LinuxC.SEEK_DATA ? "data" : "a hole") + " from "
                    + offset + " failed: errno " + e.getErrorCode());
        }
    }

    @Override
    public Optional<String> zerosWrittenBecause() {
        return Optional.ofNullable(zerosBecause);
    }

    @Override
    public void close() throws IOException {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            throw new IOException(path + ": close failed: errno " + e.getErrorCode());
        }
    }
}
