package io.pilotlight.recovery.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.exec.ToolFailedException;
import io.pilotlight.exec.ToolMissingException;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.ExternalCommand;
import io.pilotlight.testing.SampleRepository;
import io.pilotlight.testing.Slow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code export}: qemu-img writes each format from our NBD server; the result equals the raw restore. */
@Slow
class ExporterTest {
    @TempDir
    Path dir;
    SampleRepository sample;
    Path reference;

    @BeforeEach
    void setUp() throws IOException {
        sample = new SampleRepository(dir.resolve("sample"));
        reference = sample.restoreLatest(dir.resolve("reference.raw"));
    }

    private Exporter exporter(ProgressListener progress) {
        return new Exporter(sample.repository, progress, "qemu-img");
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void eachFormatEqualsTheRawRestore(ImageFormat format) throws Exception {
        Path target = dir.resolve("out." + format.qemuName());
        AtomicLong progressed = new AtomicLong();
        ExportResult result = exporter(new ProgressListener() {
            @Override
            public void advance(long bytes) {
                progressed.addAndGet(bytes);
            }
        }).export("d1", "latest", format, target, false);
        assertThat(result.point()).isEqualTo(sample.second.id());
        assertThat(result.fileBytes()).isEqualTo(Files.size(target));
        assertThat(ExternalCommand.run("qemu-img", "compare", "-f", "raw", "-F", format.qemuName(), reference.toString(),
                target.toString())).contains("Images are identical");
        assertThat(progressed.get()).isEqualTo(SampleRepository.SIZE);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void qcow2StaysSparse() throws Exception {
        Path target = dir.resolve("sparse.qcow2");
        exporter(ProgressListener.NONE).export("d1", "latest", ImageFormat.QCOW2, target, false);
        String info = ExternalCommand.run("qemu-img", "info", "--output=json", target.toString());
        long actual = Long.parseLong(info.replaceAll("(?s).*\"actual-size\": (\\d+).*", "$1"));
        // 2.2 MiB of data in a 64 MiB disk: metadata plus data, far from the disk size
        assertThat(actual).isLessThan(4L << 20);
        String map = ExternalCommand.run("qemu-img", "map", "--output=json", target.toString());
        long allocated = 0;
        for (String line : map.split("\n")) {
            if (line.contains("\"data\": true")) {
                allocated += Long.parseLong(line.replaceAll(".*\"length\": (\\d+).*", "$1"));
            }
        }
        assertThat(allocated).isEqualTo((2L << 20) + (192L << 10));
    }

    @Test
    void anExistingTargetIsRefusedWithoutForce() throws Exception {
        Path target = dir.resolve("exists.qcow2");
        Files.writeString(target, "keep me");
        assertThatThrownBy(() -> exporter(ProgressListener.NONE).export("d1", "latest", ImageFormat.QCOW2, target,
                false)).isInstanceOf(TargetExistsException.class).hasMessageContaining("pass --force");
        assertThat(Files.readString(target)).isEqualTo("keep me");
        exporter(ProgressListener.NONE).export("d1", "latest", ImageFormat.QCOW2, target, true);
        assertThat(ExternalCommand.run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", reference.toString(), target.toString()))
                .contains("Images are identical");
    }

    @Test
    void aCorruptChunkFailsTheExportAndLeavesNoTarget() throws Exception {
        SampleRepository.flipByte(sample.file(sample.firstPacks.get(0)), 1000);
        Path target = dir.resolve("corrupt.qcow2");
        assertThatThrownBy(() -> new Exporter(sample.reopen(), ProgressListener.NONE, "qemu-img")
                .export("d1", sample.first.id(), ImageFormat.QCOW2, target, false))
                .isInstanceOf(ToolFailedException.class)
                .hasMessageContaining("qemu-img convert to qcow2 failed");
        assertThat(target).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFailingQemuImgIsNamedWithItsLastErrorLine() throws Exception {
        Path fake = dir.resolve("fake-qemu-img");
        Files.writeString(fake, "#!/bin/sh\necho 'first line' >&2\nfor a; do out=$a; done\necho partial > \"$out\"\n"
                + "echo 'qemu-img: the last word' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path target = dir.resolve("failed.vmdk");
        assertThatThrownBy(() -> new Exporter(sample.repository, ProgressListener.NONE, fake.toString())
                .export("d1", "latest", ImageFormat.VMDK, target, false))
                .isInstanceOf(ToolFailedException.class)
                .hasMessageEndingWith("failed with exit code 1: qemu-img: the last word");
        assertThat(target).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aMissingQemuImgIsNamedWithHowToInstallIt() {
        Path target = dir.resolve("missing.qcow2");
        assertThatThrownBy(() -> new Exporter(sample.repository, ProgressListener.NONE, "no-such-qemu-img-here")
                .export("d1", "latest", ImageFormat.QCOW2, target, false))
                .isInstanceOf(ToolMissingException.class)
                .hasMessageContaining("no-such-qemu-img-here")
                .hasMessageContaining("apt-get install qemu-utils");
        assertThat(target).doesNotExist();
    }

    @Test
    void aKilledExportNeverLeavesATarget() throws Exception {
        Path log = dir.resolve("child.log");
        Path target = dir.resolve("killed.qcow2");
        for (long delay : new long[] {0, 150, 300, 600}) {
            Process child = ChildJvm.start("256m", ExportChild.class, log, sample.root.toString(), "d1",
                    target.toString());
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            Thread.sleep(delay);
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (Files.exists(target)) {
                // the export finished before the kill: then the target is whole
                assertThat(ExternalCommand.run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", reference.toString(),
                        target.toString())).contains("Images are identical");
                Files.delete(target);
            }
        }
    }

    /** Files an export left in the directory besides the ones the test made. */
    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
