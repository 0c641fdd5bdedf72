package io.pilotlight.target;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.ImageDigest;
import io.pilotlight.sparse.SparseFile;
import io.pilotlight.sparse.SparseFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A raw disk image or block device read directly, to prove what a restore wrote. Grains wholly
 * inside a hole of a sparse file are zero grains without being read (their part of the digest is
 * known); where holes cannot be found, every grain is read.
 */
public final class RawImage {
    private RawImage() {}

    /** The image digest (docs/design.md §7) of {@code path} with grains of {@code grainSize}. */
    public static Hash digest(Path path, int grainSize, ProgressListener progress) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            boolean device = channel.size() == 0 && TargetFile.isDevice(path);
            long size = device ? BlockDevices.size(path, channel) : channel.size();
            try (SparseFile holes = device ? SparseFiles.zeroWriting(channel, "a block device")
                    : SparseFiles.open(path, channel, false)) {
                return digest(channel, size, grainSize, new DataRanges(holes), path, progress);
            }
        }
    }

    private static Hash digest(FileChannel channel, long size, int grainSize, DataRanges data, Path path,
            ProgressListener progress) throws IOException {
        progress.phase("digest", size);
        ImageDigest digest = new ImageDigest(size, grainSize);
        MessageDigest sha = Hash.sha256();
        byte[] grain = new byte[grainSize];
        byte[] hash = new byte[Hash.LENGTH];
        byte[] zeros = new byte[grainSize];
        for (long offset = 0; offset < size; offset += grainSize) {
            int length = (int) Math.min(grainSize, size - offset);
            if (data.isHole(offset, length)) {
                digest.addZeroGrain();
                progress.advance(length);
                continue;
            }
            ByteBuffer buffer = ByteBuffer.wrap(grain, 0, length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new IOException(path + ": ended at " + (offset + buffer.position()) + " of " + size);
                }
            }
            if (Arrays.equals(grain, 0, length, zeros, 0, length)) {
                digest.addZeroGrain();
            } else {
                sha.update(grain, 0, length);
                try {
                    sha.digest(hash, 0, Hash.LENGTH);
                } catch (DigestException e) {
                    throw new IllegalStateException("SHA-256 failed", e);
                }
                digest.addGrain(hash, 0);
            }
            progress.advance(length);
        }
        return digest.finish();
    }

    /** A forward-only cursor over a file's data ranges, asking the file system as it goes. */
    private static final class DataRanges {
        private final SparseFile file;
        private long dataFrom = -1;
        private long dataTo = -1;

        DataRanges(SparseFile file) {
            this.file = file;
        }

        /** Whether {@code [offset, offset + length)} lies wholly in a hole; offsets only grow. */
        boolean isHole(long offset, int length) throws IOException {
            if (offset >= dataTo) {
                dataFrom = file.nextData(offset);
                dataTo = file.nextHole(dataFrom);
            }
            return offset + length <= dataFrom;
        }
    }
}
