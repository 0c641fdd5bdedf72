package io.pilotlight.recovery.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.testing.SampleRepository;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Slow
class RestorerTest {
    @TempDir
    Path dir;

    private SampleRepository sample;
    private Path out;

    @BeforeEach
    void setUp() throws IOException {
        sample = new SampleRepository(dir);
        out = Files.createDirectory(dir.resolve("out"));
    }

    private RestoreResult restore(Path target, boolean force) throws IOException {
        return new Restorer(sample.reopen(), ProgressListener.NONE).restore("d1", "latest", target, force);
    }

    @Test
    void refusesAnExistingFileWithoutForce() throws Exception {
        Path target = out.resolve("disk.img");
        Files.writeString(target, "keep me");
        assertThatThrownBy(() -> restore(target, false))
                .isExactlyInstanceOf(TargetExistsException.class)
                .hasMessage("restore target " + target.toAbsolutePath() + " exists; pass --force to replace it");
        assertThat(Files.readString(target)).isEqualTo("keep me");
        assertThat(out).isDirectoryContaining(path -> true).satisfies(d -> assertThat(Files.list(d)).hasSize(1));
    }

    @Test
    void replacesAnExistingFileWithForce() throws Exception {
        Path target = out.resolve("disk.img");
        Files.write(target, "old content".repeat(10000).getBytes(StandardCharsets.US_ASCII));
        RestoreResult result = restore(target, true);
        assertThat(Files.mismatch(sample.image, target)).isEqualTo(-1);
        assertThat(result.digest()).isEqualTo(sample.second.digest());
        assertThat(Files.list(out)).containsExactly(target);
    }

    /**
     * LVM and udev name block devices by symbolic links: a restore through one writes the device in
     * place (it used to rename a temp file over the link). Needs a loop device (root, loop module).
     */
    @Test
    void aSymbolicLinkToABlockDeviceIsWrittenInPlace() throws Exception {
        Path backing = dir.resolve("backing.raw");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(backing.toFile(), "rw")) {
            file.setLength(SampleRepository.SIZE + (1 << 20)); // a device a little larger than the disk
            file.write(new byte[] {7, 7, 7});
        }
        Process setup = new ProcessBuilder("losetup", "--find", "--show", backing.toString()).redirectErrorStream(true)
                .start();
        String device = new String(setup.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        Assumptions.assumeTrue(setup.waitFor() == 0 && device.startsWith("/dev/loop"), "no loop device: " + device);
        try {
            Path link = Files.createSymbolicLink(out.resolve("standby"), Path.of(device));
            RestoreResult result = restore(link, false);
            assertThat(result.digest()).isEqualTo(sample.second.digest());
            assertThat(Files.isSymbolicLink(link)).isTrue();
            assertThat(Files.list(out)).containsExactly(link);
            try (java.io.InputStream in = Files.newInputStream(Path.of(device))) {
                assertThat(Arrays.equals(in.readNBytes((int) SampleRepository.SIZE), Files.readAllBytes(sample.image)))
                        .as("the device holds the point").isTrue();
            }
        } finally {
            new ProcessBuilder("losetup", "--detach", device).inheritIO().start().waitFor();
        }
    }

    /** A link to an image (a VM's disk path, say): the file it points at is replaced, the link stays. */
    @Test
    void aSymbolicLinkToAFileReplacesTheFileItPointsAt() throws Exception {
        Path real = Files.createDirectory(dir.resolve("store")).resolve("vm.img");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(out.resolve("vm.img"), real);
        restore(link, true);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.mismatch(real, sample.image)).isEqualTo(-1);
        assertThat(Files.list(out)).containsExactly(link);
    }

    @Test
    void refusesADirectory() {
        assertThatThrownBy(() -> restore(out, true))
                .isExactlyInstanceOf(TargetExistsException.class)
                .hasMessage("restore target " + out.toAbsolutePath() + " is a directory; name a file");
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        Path target = dir.resolve("no-such-dir").resolve("disk.img");
        assertThatThrownBy(() -> restore(target, false))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(dir.resolve("no-such-dir").toAbsolutePath().toString())
                .hasMessageContaining("directory does not exist");
    }

    /** 64 MiB with 2.2 MiB of data: the restored file keeps its holes. */
    @Test
    void restoresSparse() throws Exception {
        Path target = out.resolve("disk.img");
        RestoreResult result = restore(target, false);
        assertThat(Files.size(target)).isEqualTo(SampleRepository.SIZE);
        assertThat(result.dataBytes()).isEqualTo((2L << 20) + 3 * 65536);
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", target.toString()).redirectErrorStream(true).start();
        String[] blocks = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
        assertThat(stat.waitFor()).isZero();
        long allocated = Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
        assertThat(allocated).as("allocated bytes").isLessThan(8L << 20);
    }

    @Test
    void aCorruptChunkFailsTheRestoreAndLeavesNothingBehind() throws Exception {
        Path pack = sample.file(sample.firstPacks.get(0));
        SampleRepository.flipByte(pack, 1000); // inside the first chunk the first point stored
        Path target = out.resolve("disk.img");
        assertThatThrownBy(() -> restore(target, false))
                .isExactlyInstanceOf(CorruptObjectException.class)
                .hasMessageContaining(sample.firstPacks.get(0))
                .hasMessageContaining("checksum mismatch");
        assertThat(Files.list(out)).isEmpty();
    }
}
