package io.pilotlight.source.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.Extent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
    private static final int GRAIN = 64 * 1024;

    @TempDir
    Path directory;

    @Test
    void sizeIsTheFileLength() throws Exception {
        Path image = image("disk.img", randomBytes(3 * GRAIN + 1000));

        try (FileSource source = FileSource.open(image)) {
            assertThat(source.size()).isEqualTo(3 * GRAIN + 1000);
            assertThat(source.uri()).isEqualTo("file:" + image.toAbsolutePath());
            assertThat(source.path()).isEqualTo(image);
        }
    }

    @Test
    void readsAtAnyOffsetIncludingTheLastPartialGrain() throws Exception {
        byte[] content = randomBytes(3 * GRAIN + 1000);
        Path image = image("disk.img", content);

        try (FileSource source = FileSource.open(image)) {
            assertThat(read(source, 0, GRAIN)).isEqualTo(slice(content, 0, GRAIN));
            assertThat(read(source, GRAIN, GRAIN)).isEqualTo(slice(content, GRAIN, GRAIN));
            assertThat(read(source, 12345, 7)).isEqualTo(slice(content, 12345, 7));
            assertThat(read(source, 3 * GRAIN, 1000)).isEqualTo(slice(content, 3 * GRAIN, 1000));
            assertThat(read(source, content.length - 1, 1)).isEqualTo(slice(content, content.length - 1, 1));
            assertThat(read(source, content.length, 0)).isEmpty();
        }
    }

    @Test
    void readFillsOnlyTheBuffersRemainingSpace() throws Exception {
        byte[] content = randomBytes(1000);
        Path image = image("disk.img", content);
        ByteBuffer buffer = ByteBuffer.allocate(100);
        buffer.position(10).limit(60);

        try (FileSource source = FileSource.open(image)) {
            source.read(200, buffer);
        }

        assertThat(buffer.position()).isEqualTo(60);
        assertThat(Arrays.copyOfRange(buffer.array(), 10, 60)).isEqualTo(slice(content, 200, 50));
    }

    @Test
    void readsFromManyThreadsAtOnce() throws Exception {
        byte[] content = randomBytes(16 * GRAIN);
        Path image = image("disk.img", content);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (FileSource source = FileSource.open(image)) {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int grain = 0; grain < 16; grain++) {
                int offset = grain * GRAIN;
                checks.add(pool.submit(() -> Arrays.equals(read(source, offset, GRAIN), slice(content, offset, GRAIN))));
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReadPastTheEndNamesThePathOffsetAndSize() throws Exception {
        Path image = image("disk.img", randomBytes(1000));

        try (FileSource source = FileSource.open(image)) {
            assertThatThrownBy(() -> read(source, 990, 20))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(image.toAbsolutePath().toString())
                    .hasMessageContaining("at offset 990")
                    .hasMessageContaining("size 1000");
            assertThatThrownBy(() -> read(source, 1001, 0)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> read(source, Long.MAX_VALUE, 1)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> read(source, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFileTruncatedDuringTheRunFailsNamingThePathAndOffset() throws Exception {
        Path image = image("disk.img", randomBytes(4 * GRAIN));

        try (FileSource source = FileSource.open(image)) {
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(2 * GRAIN + 100);
            }
            assertThatThrownBy(() -> read(source, 2 * GRAIN, GRAIN))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(image.toAbsolutePath().toString())
                    .hasMessageContaining("ends at offset " + (2 * GRAIN + 100))
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void aSparseFileReadsAsZeros() throws Exception {
        Path image = directory.resolve("sparse.img");
        long size = 1L << 30;
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size);
            file.seek(size - 1);
            file.write(7);
        }

        try (FileSource source = FileSource.open(image)) {
            assertThat(source.size()).isEqualTo(size);
            assertThat(read(source, 512L << 20, GRAIN)).isEqualTo(new byte[GRAIN]);
            assertThat(read(source, size - 2, 2)).containsExactly(0, 7);
        }
    }

    @Test
    void everyPassIsAFullPassOverTheDisk() throws Exception {
        Path image = image("disk.img", randomBytes(5000));

        try (FileSource source = FileSource.open(image)) {
            for (Optional<String> token : List.of(Optional.<String>empty(), Optional.of("hash-compare"))) {
                ChangeSet changes = source.changes(token);
                assertThat(changes.fullPass()).isTrue();
                assertThat(changes.changed()).containsExactly(new Extent(0, 5000));
                assertThat(changes.nextToken()).contains(FileSource.HASH_COMPARE_TOKEN);
                assertThat(changes.warnings()).isEmpty();
            }
        }
    }

    @Test
    void holesAreKnownZerosAndDataIsNot() throws Exception {
        Path image = directory.resolve("sparse.img");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(64L << 20);
            file.seek(1L << 20);
            file.write(randomBytes(1 << 20));
            file.seek(40L << 20);
            file.write(randomBytes(4096));
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(io.pilotlight.sparse.SparseFiles.unavailableBecause().isEmpty(),
                "holes cannot be found here");

        try (FileSource source = FileSource.open(image)) {
            ChangeSet changes = source.changes(Optional.empty());
            assertThat(changes.changed()).containsExactly(new Extent(0, 64L << 20));
            List<Extent> zeros = changes.knownZero();
            assertThat(zeros).isNotEmpty();
            long data = 0;
            long position = 0;
            for (Extent zero : zeros) {
                data += zero.offset() - position;
                position = zero.end();
            }
            data += (64L << 20) - position;
            assertThat(data).as("bytes outside the holes: the two writes, at file-system block granularity")
                    .isBetween((1L << 20) + 4096, (1L << 20) + 4096 + 4 * (1L << 20));
            for (Extent zero : zeros) {
                assertThat(read(source, zero.offset(), (int) Math.min(zero.length(), 1 << 20)))
                        .as("a hole reads as zeros").containsOnly(0);
            }
        }
    }

    @Test
    void aForeignTokenStillGivesAFullPassWithAWarningNamingIt() throws Exception {
        Path image = image("disk.img", randomBytes(5000));

        try (FileSource source = FileSource.open(image)) {
            ChangeSet changes = source.changes(Optional.of("bitmap:pilotlight-7"));

            assertThat(changes.changed()).containsExactly(new Extent(0, 5000));
            assertThat(changes.warnings()).singleElement().asString().contains("'bitmap:pilotlight-7'");
        }
    }

    @Test
    void anEmptyDiskHasNoExtents() throws Exception {
        Path image = image("empty.img", new byte[0]);

        try (FileSource source = FileSource.open(image)) {
            assertThat(source.size()).isZero();
            assertThat(source.changes(Optional.empty()).changed()).isEmpty();
            assertThat(source.changes(Optional.empty()).fullPass()).isTrue();
            assertThat(read(source, 0, 0)).isEmpty();
        }
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = directory.resolve("nope.img");

        assertThatThrownBy(() -> FileSource.open(missing))
                .isInstanceOf(IOException.class)
                .hasMessage("source file:" + missing.toAbsolutePath() + ": no such file");
    }

    @Test
    void aDirectoryIsRefused() {
        assertThatThrownBy(() -> FileSource.open(directory))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("source file:" + directory.toAbsolutePath())
                .hasMessageContaining("is a directory");
    }

    @Test
    void aCharacterDeviceIsRefused() {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull));

        assertThatThrownBy(() -> FileSource.open(devNull))
                .isInstanceOf(IOException.class)
                .hasMessage("source file:/dev/null: is neither a regular file nor a block device");
    }

    @Test
    void aBlockDeviceOpensWithItsSize() throws Exception {
        Path device = Path.of("/dev/loop0");
        assumeTrue(Files.isReadable(device), "no readable block device here");

        try (FileSource source = FileSource.open(device)) {
            assertThat(source.size()).isNotNegative();
            assertThat(source.changes(Optional.empty()).fullPass()).isTrue();
        }
    }

    @Test
    void anUnreadableFileIsNamed() throws Exception {
        Path image = image("locked.img", randomBytes(10));
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("-w-------"));
        assumeFalse(Files.isReadable(image), "running as a user who can read anything");

        assertThatThrownBy(() -> FileSource.open(image))
                .isInstanceOf(IOException.class)
                .hasMessage("source file:" + image.toAbsolutePath() + ": not readable: permission denied");
    }

    private Path image(String name, byte[] content) throws IOException {
        return Files.write(directory.resolve(name), content);
    }

    private static byte[] read(FileSource source, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        source.read(offset, buffer);
        assertThat(buffer.hasRemaining()).isFalse();
        return buffer.array();
    }

    private static byte[] slice(byte[] content, int offset, int length) {
        return Arrays.copyOfRange(content, offset, offset + length);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
