package io.pilotlight.source.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysClassBlockTest {
    @TempDir
    Path directory;

    @Test
    void theSizeIsTheSectorCountTimes512() throws Exception {
        Path sys = Files.createDirectories(directory.resolve("sys/dm-3"));
        Files.writeString(sys.resolve("size"), "2048\n");
        Path device = Files.createFile(directory.resolve("dm-3"));

        assertThat(new SysClassBlock(directory.resolve("sys")).sizeOf(device)).hasValue(1024 * 1024);
    }

    @Test
    void aLinkedDeviceIsLookedUpByItsRealName() throws Exception {
        Path sys = Files.createDirectories(directory.resolve("sys/dm-3"));
        Files.writeString(sys.resolve("size"), "8\n");
        Path device = Files.createFile(directory.resolve("dm-3"));
        Path link = Files.createSymbolicLink(directory.resolve("vg-root"), device);

        assertThat(new SysClassBlock(directory.resolve("sys")).sizeOf(link)).hasValue(4096);
    }

    @Test
    void anUnknownDeviceHasNoSize() throws Exception {
        Path device = Files.createFile(directory.resolve("vdz"));

        assertThat(new SysClassBlock(directory.resolve("sys")).sizeOf(device)).isEmpty();
    }

    @Test
    void aGarbledSizeFileIsNamed() throws Exception {
        Path sys = Files.createDirectories(directory.resolve("sys/vdb"));
        Files.writeString(sys.resolve("size"), "lots\n");
        Path device = Files.createFile(directory.resolve("vdb"));

        assertThatThrownBy(() -> new SysClassBlock(directory.resolve("sys")).sizeOf(device))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(sys.resolve("size").toString())
                .hasMessageContaining("'lots'");
    }
}
