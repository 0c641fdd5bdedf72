package io.pilotlight.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source is what it is, not how it was written (issue 19, defect 8). */
class SourceIdentityTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void twoSpellingsOfOneFileAreOneSource() throws IOException {
        Path image = Files.createFile(dir.resolve("img.qcow2"));
        Path link = Files.createSymbolicLink(dir.resolve("link.qcow2"), image);
        String relative = Path.of("").toAbsolutePath().relativize(image).toString();
        assertThat(token(named("qemu:" + relative), "qemu:" + image)).contains("t");
        assertThat(token(named("qemu:" + link), "qemu://" + image)).contains("t");
        assertThat(token(named(relative), "file:" + image)).contains("t");
        assertThat(warnings).isEmpty();
    }

    @Test
    void oneQmpNodeWhateverItsNbdSocket() throws IOException {
        Path socket = Files.createFile(dir.resolve("qmp.sock"));
        assertThat(token(named("qmp:" + socket + "?node=disk0"), "qmp:" + socket + "?node=disk0&nbd-socket=/x"))
                .contains("t");
        assertThat(token(named("qmp:" + socket + "?node=disk1"), "qmp:" + socket + "?node=disk0")).isEmpty();
        assertThat(warnings).singleElement().asString().contains("qmp:" + socket + "?node=disk1 is not the source")
                .contains("its change token is dropped");
    }

    @Test
    void anotherFileDropsTheTokenWithAWarningNamingBoth() throws IOException {
        Path one = Files.createFile(dir.resolve("one.qcow2"));
        Path other = Files.createFile(dir.resolve("other.qcow2"));
        assertThat(token(named("qemu:" + other), "qemu:" + one)).isEmpty();
        assertThat(warnings).singleElement().asString()
                .isEqualTo("source qemu:" + other + " is not the source the last point was taken from (qemu:" + one
                        + "; now file:" + other.toRealPath() + ", then file:" + one.toRealPath() + "): its change"
                        + " token is dropped and the whole disk is read and compared with the last point");
    }

    @Test
    void aSourceWhoseTokensNameItGetsTheTokenWhateverTheText() {
        ChangedBlockSource vm = new Named("vsphere://admin@vc/Datacenter/vm/Prod/web1#disk-0", true);
        assertThat(token(vm, "vsphere://admin@vc/web1#disk-0")).contains("t");
        assertThat(token(named("nbd://other/x"), null)).isEmpty();
        assertThat(warnings).isEmpty();
    }

    private Optional<String> token(ChangedBlockSource source, String parentUri) {
        return SourceIdentity.parentToken(source, parentUri, parentUri == null ? null : "t", warnings::add);
    }

    private static ChangedBlockSource named(String uri) {
        return new Named(uri, false);
    }

    /** A source known by its URI only: nothing here reads a disk. */
    private record Named(String uri, boolean tokenNamesItsSource) implements ChangedBlockSource {
        @Override
        public long size() {
            return 0;
        }

        @Override
        public ChangeSet changes(Optional<String> sinceToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void read(long offset, ByteBuffer target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }
}
