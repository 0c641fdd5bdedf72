package io.pilotlight.source.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.QemuFixture;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Qcow2Header} against images the real qemu-img and qemu-io make: it agrees with {@code qemu-img
 * info} on size and bitmaps, sees a written bit (a small write, a whole-table "all ones" entry, a bit
 * far into a large disk), and answers nothing where it does not fully understand the image.
 */
class Qcow2HeaderTest {
    @TempDir
    Path dir;

    private Path qcow2(String name, String size, String... options) throws Exception {
        Path image = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2"));
        command.addAll(List.of(options));
        command.addAll(List.of(image.toString(), size));
        QemuFixture.run(command.toArray(String[]::new));
        return image;
    }

    /** {@code qemu-img bitmap OPERATIONS -f qcow2 IMAGE NAME}. */
    private static void bitmap(Path image, String name, String... operations) throws Exception {
        List<String> command = new ArrayList<>(List.of("qemu-img", "bitmap"));
        command.addAll(List.of(operations));
        command.addAll(List.of("-f", "qcow2", image.toString(), name));
        QemuFixture.run(command.toArray(String[]::new));
    }

    private static Qcow2Header.Bitmap named(Qcow2Header header, String name) {
        return header.bitmaps().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aNewBitmapIsClearAndAWriteSetsItsBit() throws Exception {
        Path image = qcow2("disk.qcow2", "64M");
        bitmap(image, "a", "--add", "--enable");
        bitmap(image, "b", "--add", "--disable");
        Qcow2Header header = Qcow2Header.read(image).orElseThrow();
        assertThat(header.virtualSize()).isEqualTo(64L << 20);
        assertThat(header.bitmaps()).extracting(Qcow2Header.Bitmap::name).containsExactly("a", "b");
        assertThat(named(header, "a").enabled()).isTrue();
        assertThat(named(header, "b").enabled()).isFalse();
        assertThat(header.bitmaps()).noneMatch(Qcow2Header.Bitmap::inUse);
        assertThat(header.isClear(image, named(header, "a"))).isTrue();

        QemuFixture.run("qemu-io", "-f", "qcow2", "-c", "write -P 7 5M 4k", image.toString());
        Qcow2Header written = Qcow2Header.read(image).orElseThrow();
        assertThat(written.isClear(image, named(written, "a"))).as("the enabled bitmap recorded the write").isFalse();
        assertThat(written.isClear(image, named(written, "b"))).as("the disabled one did not").isTrue();
    }

    @Test
    void aBitFarIntoALargeSparseDiskIsSeen() throws Exception {
        Path image = qcow2("big.qcow2", "2T");
        bitmap(image, "a", "--add", "--enable");
        Qcow2Header fresh = Qcow2Header.read(image).orElseThrow();
        assertThat(fresh.isClear(image, named(fresh, "a"))).isTrue();
        QemuFixture.run("qemu-io", "-f", "qcow2", "-c", "write -P 1 2047G 64k", image.toString());
        Qcow2Header header = Qcow2Header.read(image).orElseThrow();
        assertThat(header.virtualSize()).isEqualTo(2L << 40);
        assertThat(header.isClear(image, named(header, "a"))).isFalse();
    }

    @Test
    void aMergedFullBitmapIsNotClear() throws Exception {
        Path image = qcow2("disk.qcow2", "8M");
        bitmap(image, "a", "--add", "--enable");
        QemuFixture.run("qemu-io", "-f", "qcow2", "-c", "write -P 3 0 8M", image.toString()); // every bit
        bitmap(image, "b", "--add", "--disable");
        bitmap(image, "b", "--merge", "a");
        Qcow2Header header = Qcow2Header.read(image).orElseThrow();
        assertThat(header.isClear(image, named(header, "a"))).isFalse();
        assertThat(header.isClear(image, named(header, "b"))).isFalse();
    }

    @Test
    void anImageWithoutBitmapsHasNone() throws Exception {
        Path image = qcow2("plain.qcow2", "1M");
        assertThat(Qcow2Header.read(image).orElseThrow().bitmaps()).isEmpty();
    }

    @Test
    void whatItDoesNotFullyUnderstandIsLeftToQemuImg() throws Exception {
        Path raw = dir.resolve("disk.raw");
        QemuFixture.run("qemu-img", "create", "-q", "-f", "raw", raw.toString(), "1M");
        assertThat(Qcow2Header.read(raw)).as("raw").isEmpty();
        assertThat(Qcow2Header.read(qcow2("v2.qcow2", "1M", "-o", "compat=0.10"))).as("version 2").isEmpty();

        Path corrupt = qcow2("corrupt.qcow2", "1M");
        bitmap(corrupt, "a", "--add", "--enable");
        setLong(corrupt, 72, 2); // incompatible features: the corrupt bit
        assertThat(Qcow2Header.read(corrupt)).as("marked corrupt").isEmpty();

        Path stale = qcow2("stale.qcow2", "1M");
        bitmap(stale, "a", "--add", "--enable");
        setLong(stale, 88, 0); // autoclear: the bitmaps extension no longer marked consistent
        assertThat(Qcow2Header.read(stale)).as("bitmaps extension not consistent").isEmpty();
    }

    private static void setLong(Path image, long offset, long value) throws Exception {
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).putLong(0, value), offset);
        }
    }
}
