package io.pilotlight.recovery.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.nbd.NbdServer;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetInUseException;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Repository;
import io.pilotlight.testing.ExternalCommand;
import io.pilotlight.testing.SampleRepository;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --writable}: writes through real clients land in the overlay, the repository stays untouched. */
@Slow
class OverlayExportTest {
    @TempDir
    Path dir;
    SampleRepository sample;
    byte[] expected;
    Path overlay;

    @BeforeEach
    void setUp() throws IOException {
        sample = new SampleRepository(dir.resolve("sample"));
        expected = Files.readAllBytes(sample.restoreLatest(dir.resolve("reference.raw")));
        overlay = dir.resolve("vm.overlay");
    }

    private OverlayExport open(Repository repository, String point) throws IOException {
        PointExport base = new PointExport(repository, repository.manifest("d1", point), 8 << 20);
        return OverlayExport.open(overlay, base, repository.config().id(), "d1", base.manifest().id());
    }

    @Test
    void writesThroughQemuIoReadBackAndResumeWhileTheRepositoryStaysUntouched() throws Exception {
        String before = treeDigest(sample.root);
        try (OverlayExport export = open(sample.repository, sample.second.id());
                NbdServer server = NbdServer.start(new NbdAddress(Optional.of(dir.resolve("nbd.sock")),
                        Optional.empty(), 0, "d1"), export, 4)) {
            String uri = server.address().uri();
            // partial blocks at both ends over data, then two whole blocks in a hole; then a flush
            ExternalCommand.run("qemu-io", "-f", "raw", "-c", "write -P 0x77 1000 5000", "-c",
                    "write -P 0x66 31457280 8192", "-c", "flush", uri);
            Arrays.fill(expected, 1000, 6000, (byte) 0x77);
            Arrays.fill(expected, 31457280, 31457280 + 8192, (byte) 0x66);
            Path copied = dir.resolve("copied.raw");
            ExternalCommand.run("nbdcopy", uri, copied.toString());
            assertThat(Files.readAllBytes(copied)).isEqualTo(expected);
            assertThat(ExternalCommand.run("nbdinfo", "--map", uri)).contains("31457280        8192    0  data");
            assertThat(export.blocksWritten()).isEqualTo(4);
        }
        assertThat(treeDigest(sample.root)).as("the repository is unchanged").isEqualTo(before);

        try (OverlayExport resumed = open(sample.reopen(), sample.second.id())) {
            assertThat(resumed.blocksWritten()).isEqualTo(4);
            ByteBuffer all = ByteBuffer.allocate((int) resumed.size());
            resumed.read(0, all);
            assertThat(all.array()).isEqualTo(expected);
        }
    }

    @Test
    void anOverlayOfAnotherPointIsRefusedAndAnOpenOneIsInUse() throws Exception {
        try (OverlayExport export = open(sample.repository, sample.second.id())) {
            export.write(4096, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThatThrownBy(() -> open(sample.repository, sample.second.id()))
                    .isInstanceOf(TargetInUseException.class)
                    .hasMessageContaining("is in use by another server");
        }
        assertThatThrownBy(() -> open(sample.repository, sample.first.id()))
                .isInstanceOf(TargetExistsException.class)
                .hasMessageContaining("was made for point " + sample.second.id() + " of disk d1")
                .hasMessageContaining("not point " + sample.first.id());
    }

    @Test
    void aDamagedMapIsCorruptDataNotSilence() throws Exception {
        try (OverlayExport export = open(sample.repository, sample.second.id())) {
            export.write(0, ByteBuffer.wrap(new byte[8192]));
        }
        SampleRepository.flipByte(OverlayMap.pathFor(overlay.toAbsolutePath()), 30);
        assertThatThrownBy(() -> open(sample.repository, sample.second.id()))
                .isInstanceOf(io.pilotlight.repo.CorruptObjectException.class)
                .hasMessageContaining("overlay map fails its checksum");
    }

    private static String treeDigest(Path root) throws IOException {
        MessageDigest sha = Hash.sha256();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                sha.update(root.relativize(file).toString().getBytes());
                sha.update(Files.readAllBytes(file));
            }
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

}
