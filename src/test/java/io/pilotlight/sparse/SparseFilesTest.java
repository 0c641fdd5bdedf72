package io.pilotlight.sparse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseFilesTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    /** A 16 MiB file with 1 MiB of 0x5a at 4 MiB and at 10 MiB, holes elsewhere. */
    private FileChannel sample(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        byte[] data = new byte[MIB];
        Arrays.fill(data, (byte) 0x5a);
        channel.write(ByteBuffer.wrap(data), 4 * MIB);
        channel.write(ByteBuffer.wrap(data), 10 * MIB);
        channel.truncate(16 * MIB);
        channel.write(ByteBuffer.allocate(1), 16 * MIB - 1);
        channel.force(true);
        return channel;
    }

    @Test
    void findsDataAndHolesAndPunchesHolesOnLinux() throws IOException {
        assertThat(SparseFiles.unavailableBecause()).isEmpty();
        Path path = dir.resolve("sparse.img");
        try (FileChannel channel = sample(path); SparseFile file = SparseFiles.open(path, channel, true)) {
            assertThat(file.nextData(0)).isEqualTo(4 * MIB);
            assertThat(file.nextHole(4 * MIB)).isEqualTo(5 * MIB);
            assertThat(file.nextData(5 * MIB)).isEqualTo(10 * MIB);
            assertThat(file.nextData(17 * MIB)).isEqualTo(16 * MIB);

            assertThat(file.zero(4 * MIB, MIB)).isTrue();
            assertThat(file.zerosWrittenBecause()).isEmpty();
            assertThat(file.nextData(0)).isEqualTo(10 * MIB);
            assertThat(channel.size()).isEqualTo(16 * MIB);
            ByteBuffer read = ByteBuffer.allocate(MIB);
            channel.read(read, 4 * MIB);
            assertThat(read.array()).isEqualTo(new byte[MIB]);
        }
    }

    @Test
    void theFallbackWritesZerosAndCallsEverythingData() throws IOException {
        Path path = dir.resolve("fallback.img");
        try (FileChannel channel = sample(path);
                SparseFile file = SparseFiles.zeroWriting(channel, "testing the fallback")) {
            assertThat(file.nextData(0)).isZero();
            assertThat(file.nextHole(0)).isEqualTo(16 * MIB);
            assertThat(file.zero(10 * MIB + 100, 3000)).isFalse();
            assertThat(file.zerosWrittenBecause()).contains("testing the fallback");
            ByteBuffer read = ByteBuffer.allocate(3000);
            channel.read(read, 10 * MIB + 100);
            assertThat(read.array()).isEqualTo(new byte[3000]);
            assertThat(Files.size(path)).isEqualTo(16 * MIB);
        }
    }
}
