package io.pilotlight.recovery.follow;

import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;

/**
 * A spot check of an image against a point: random grains read from the image and compared with the
 * point's segments (zero grains must read as zeros, data grains must hash to the recorded SHA-256).
 * Cheaper than a digest of the whole image; catches a wrong apply with high probability (1024 grains
 * miss a fault that touches 1% of the grains with probability 0.99^1024, about 3e-5). After a
 * whole-image digest has failed, the same comparison over every grain names the first wrong one.
 */
final class GrainSample {
    static final int GRAINS = 1024;
    /** As long as the largest grain size a repository can have (docs/design.md §9: at most 1 MiB). */
    private static final byte[] ZEROS = new byte[1 << 20];

    private final Repository repository;
    private final Random random;

    GrainSample(Repository repository, Random random) {
        this.repository = repository;
        this.random = random;
    }

    /** Checks up to {@link #GRAINS} distinct random grains (every grain of a smaller disk); returns how many. */
    int check(Path image, Manifest point) throws IOException {
        long total = (point.diskSize() + point.grainSize() - 1) / point.grainSize();
        TreeSet<Long> grains = new TreeSet<>();
        while (grains.size() < Math.min(GRAINS, total)) {
            grains.add(total <= GRAINS ? grains.size() : Math.floorMod(random.nextLong(), total));
        }
        Optional<Long> wrong = firstDifference(image, point, grains.iterator());
        if (wrong.isPresent()) {
            throw new CorruptObjectException("image " + image + ": the grain at offset 0x"
                    + Long.toHexString(wrong.get()) + " does not hold what point " + point.disk() + "/" + point.id()
                    + " records there");
        }
        return grains.size();
    }

    /** The offset of the first grain of {@code image} that differs from {@code point}, reading every grain. */
    Optional<Long> firstDifference(Path image, Manifest point) throws IOException {
        long total = (point.diskSize() + point.grainSize() - 1) / point.grainSize();
        return firstDifference(image, point, LongStream.range(0, total).iterator());
    }

    /** The offset of the first of {@code grains} (ascending) that does not hold what the point records. */
    private Optional<Long> firstDifference(Path image, Manifest point, Iterator<Long> grains) throws IOException {
        byte[] buffer = new byte[point.grainSize()];
        byte[] expected = new byte[Hash.LENGTH];
        int segmentIndex = -1;
        Segment segment = null;
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            while (grains.hasNext()) {
                long grain = grains.next();
                int s = Math.toIntExact(grain / point.segmentGrains());
                if (s != segmentIndex) {
                    segment = repository.readSegment(point, s);
                    segmentIndex = s;
                }
                long offset = grain * point.grainSize();
                int length = (int) Math.min(point.grainSize(), point.diskSize() - offset);
                ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
                while (target.hasRemaining() && channel.read(target, offset + target.position()) >= 0) {
                    // read on
                }
                int g = (int) (grain % point.segmentGrains());
                if (target.hasRemaining() || !holds(buffer, length, segment, g, expected)) {
                    return Optional.of(offset);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the first {@code length} bytes of {@code grain} are what {@code segment} records for
     * grain {@code g}: zeros for a zero grain, else bytes with its SHA-256 ({@code scratch} holds 32).
     */
    static boolean holds(byte[] grain, int length, Segment segment, int g, byte[] scratch) {
        if (segment.isZero(g)) {
            return Arrays.equals(grain, 0, length, ZEROS, 0, length);
        }
        MessageDigest sha = Hash.sha256();
        Hash.update(sha, grain, 0, length);
        segment.copyHash(g, scratch, 0);
        return Arrays.equals(sha.digest(), scratch);
    }
}
