package io.pilotlight.sparse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;

/** The fallback: zeros are written, and the whole file counts as data. */
final class ZeroWritingFile implements SparseFile {
    private static final int ZEROS = 1 << 20;

    private final FileChannel channel;
    private final String reason;

    ZeroWritingFile(FileChannel channel, String reason) {
        this.channel = channel;
        this.reason = reason;
    }

    @Override
    public boolean zero(long offset, long length) throws IOException {
        writeZeros(channel, offset, length);
        return false;
    }

    static void writeZeros(FileChannel channel, long offset, long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZEROS, length));
        long position = offset;
        long end = offset + length;
        while (position < end) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), end - position));
            while (zeros.hasRemaining()) {
                position += channel.write(zeros, position);
            }
        }
    }

    @Override
    public long nextData(long offset) throws IOException {
        return Math.min(offset, channel.size());
    }

    @Override
    public long nextHole(long offset) throws IOException {
        return Math.max(offset, channel.size());
    }

    @Override
    public Optional<String> zerosWrittenBecause() {
        return Optional.of(reason);
    }

    @Override
    public void close() {
        // the channel belongs to the caller
    }
}
