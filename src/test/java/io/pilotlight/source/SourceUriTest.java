package io.pilotlight.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.source.file.FileSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceUriTest {
    @TempDir
    Path directory;
    private Path image;

    @BeforeEach
    void writeImage() throws IOException {
        image = Files.write(directory.resolve("disk.img"), new byte[4096]);
    }

    @Test
    void aFileUriWithOneSlashOpensTheAbsolutePath() throws Exception {
        assertOpens("file:" + image.toAbsolutePath());
    }

    @Test
    void aFileUriWithAnEmptyHostOpensTheAbsolutePath() throws Exception {
        assertOpens("file://" + image.toAbsolutePath());
        assertOpens("file://localhost" + image.toAbsolutePath());
        assertOpens("FILE://" + image.toAbsolutePath());
    }

    @Test
    void aFileUriWithARelativePathIsRelativeToTheWorkingDirectory() throws Exception {
        Path relative = Path.of("").toAbsolutePath().relativize(image.toAbsolutePath());

        assertOpens("file:" + relative);
    }

    @Test
    void aPlainPathOpensTheFile() throws Exception {
        assertOpens(image.toAbsolutePath().toString());
        assertOpens(Path.of("").toAbsolutePath().relativize(image.toAbsolutePath()).toString());
    }

    @Test
    void anUnknownSchemeListsTheValidOnes() {
        assertThatThrownBy(() -> SourceUri.open("vsphere://vc/vm-12/disk-0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source 'vsphere://vc/vm-12/disk-0': unknown scheme 'vsphere'; valid: file:, nbd+unix:,"
                        + " nbd:, qemu:, qmp:");
    }

    @Test
    void aLibvirtDomainIsAGroupNotOneDisk() {
        assertThatThrownBy(() -> SourceUri.open("libvirt:///system/web1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source 'libvirt:///system/web1': a libvirt: source is every disk of a domain; give it as"
                        + " the only --source of replicate --group NAME");
    }

    @Test
    void aFileUriWithAHostIsRefused() {
        assertThatThrownBy(() -> SourceUri.open("file://nas/disk.img"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'file://nas/disk.img'")
                .hasMessageContaining("host 'nas'");
    }

    @Test
    void anEmptySourceIsRefused() {
        assertThatThrownBy(() -> SourceUri.open("file:")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source 'file:': the path is empty");
        assertThatThrownBy(() -> SourceUri.open("file://")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SourceUri.open(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingFileIsNamedAsTheUserWroteIt() {
        String uri = "file://" + directory.toAbsolutePath() + "/nope.img";

        assertThatThrownBy(() -> SourceUri.open(uri))
                .isInstanceOf(IOException.class)
                .hasMessage("source " + uri + ": no such file");
    }

    private void assertOpens(String uri) throws IOException {
        try (ChangedBlockSource source = SourceUri.open(uri)) {
            assertThat(source).isInstanceOf(FileSource.class);
            assertThat(((FileSource) source).path().toAbsolutePath().normalize()).isEqualTo(image.toAbsolutePath());
            assertThat(source.uri()).isEqualTo(uri);
            assertThat(source.size()).isEqualTo(4096);
        }
    }
}
