package io.pilotlight.target;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.ImageDigest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/** A raw disk image or block device read directly, to prove what a restore wrote. */
public final class RawImage {
    private RawImage() {}

    /** The image digest (docs/design.md §7) of {@code path} with grains of {@code grainSize}. */
    public static Hash digest(Path path, int grainSize, ProgressListener progress) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size() > 0 || !TargetFile.isDevice(path) ? channel.size()
                    : BlockDevices.size(path, channel);
            progress.phase("digest", size);
            ImageDigest digest = new ImageDigest(size, grainSize);
            MessageDigest sha = Hash.sha256();
            byte[] grain = new byte[grainSize];
            byte[] hash = new byte[Hash.LENGTH];
            byte[] zeros = new byte[grainSize];
            for (long offset = 0; offset < size; offset += grainSize) {
                int length = (int) Math.min(grainSize, size - offset);
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
    }
}
