package io.pilotlight.source.qemu;

import static io.pilotlight.testing.QemuFixture.GRAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.repo.PointInfo;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.InterceptedReads;
import io.pilotlight.source.SourceUri;
import io.pilotlight.testing.QemuFixture;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qemu:} sources against the real qemu-img, qemu-io and qemu-nbd: checkpoint rotation, lost
 * tracking, and a failed run. Every point, restored, equals {@code qemu-img convert -O raw} of the
 * image right after it was taken.
 */
@Slow
class QemuImageSourceTest {
    private static final long SIZE = 32L << 20;

    @TempDir
    Path dir;

    @Test
    void incrementalRoundsReadOnlyTheDirtyGrainsAndRestoreExactly() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        fixture.write("write -P 1 0 1M", "write -P 2 5M 192k", "write -P 3 31M 1M");
        PointInfo first = fixture.replicate();
        assertThat(first.fullPass()).isTrue();
        assertThat(first.warnings()).isEmpty();
        assertThat(first.readBytes()).as("unallocated regions are known zeros, not read").isEqualTo(2L * 1048576 + 196608);

        fixture.write("write -P 4 128k 64k", "write -P 5 10M 256k", "write -z 5M 64k");
        PointInfo second = fixture.replicate();
        assertThat(second.fullPass()).isFalse();
        assertThat(second.warnings()).isEmpty();
        assertThat(second.readBytes()).as("only dirty grains, and the zeroed one not at all").isEqualTo(5L * GRAIN);
        assertThat(second.changedBytes()).isEqualTo(6L * GRAIN);

        fixture.write("write -P 6 20M 4k", "write -P 7 31M 64k");
        PointInfo third = fixture.replicate();
        assertThat(third.fullPass()).isFalse();
        assertThat(third.readBytes()).isEqualTo(2L * GRAIN);

        PointInfo unchanged = fixture.replicate();
        assertThat(unchanged.fullPass()).isFalse();
        assertThat(unchanged.readBytes()).isZero();
        fixture.assertRestoresExactly();
        assertThat(fixture.bitmaps()).as("one checkpoint: the latest token's, enabled")
                .containsOnlyKeys(fixture.latestToken().substring(QemuImageSource.TOKEN_PREFIX.length()))
                .allSatisfy((name, flags) -> assertThat(flags).containsExactly("auto"));
    }

    /**
     * A cycle with nothing written reads the bitmap table itself: it keeps the token (no checkpoint
     * rotated, no qemu-img bitmap run), and the kept bitmap goes on recording, so
     * the next cycle reports exactly what was written after it.
     */
    @Test
    void aCycleWithNothingWrittenKeepsItsCheckpointAndTheNextSeesTheWrites() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        fixture.write("write -P 1 0 1M");
        fixture.replicate();
        String token = fixture.latestToken();
        Map<String, List<String>> bitmaps = fixture.bitmaps();

        PointInfo unchanged = fixture.replicate();
        assertThat(unchanged.readBytes()).isZero();
        assertThat(unchanged.fullPass()).isFalse();
        assertThat(fixture.latestToken()).as("the checkpoint is kept").isEqualTo(token);
        assertThat(fixture.bitmaps()).isEqualTo(bitmaps);

        fixture.write("write -P 2 3M 64k");
        PointInfo next = fixture.replicate();
        assertThat(next.fullPass()).isFalse();
        assertThat(next.readBytes()).isEqualTo(GRAIN);
        assertThat(fixture.latestToken()).as("rotated").isNotEqualTo(token);
        assertThat(fixture.bitmaps()).containsOnlyKeys(fixture.latestToken().substring(QemuImageSource.TOKEN_PREFIX.length()));
        fixture.assertRestoresExactly();
    }

    /**
     * Issue 19: the index files are lost, the disk is unchanged and its bitmap says so; the run still
     * reads from the source what the parent's lost blobs held (here the whole disk: its one segment
     * is lost too), so the new point restores, instead of naming blobs that are in no index.
     */
    @Test
    void anUnchangedDiskWhoseIndexIsLostIsReadAgainThoughTheBitmapSaysUnchanged() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        fixture.write("write -P 1 0 1M", "write -P 2 5M 192k");
        fixture.replicate();
        try (var indexes = Files.list(dir.resolve("repo/index"))) {
            for (Path index : indexes.toList()) {
                Files.delete(index);
            }
        }
        PointInfo again = fixture.replicate();
        assertThat(again.fullPass()).as("the bitmap was used").isFalse();
        assertThat(again.readBytes()).as(again.toString()).isEqualTo(SIZE);
        assertThat(again.warnings()).anySatisfy(w -> assertThat(w).contains("read again from the source"));
        PointInfo unchanged = fixture.replicate();
        assertThat(unchanged.readBytes()).as("indexed again: nothing to read").isZero();
        fixture.assertRestoresExactly();
    }

    @Test
    void aRemovedBitmapGivesAFullPassWithAWarningThenIncrementalAgain() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        fixture.write("write -P 1 0 2M");
        fixture.replicate();
        String bitmap = fixture.latestToken().substring(QemuImageSource.TOKEN_PREFIX.length());
        QemuFixture.run("qemu-img", "bitmap", "--remove", fixture.image.toString(), bitmap);
        fixture.write("write -P 2 1M 64k", "write -P 3 7M 64k");

        assertFallbackThenIncremental(fixture, "checkpoint bitmap '" + bitmap + "' is missing");
    }

    @Test
    void anInUseBitmapAfterAKilledWriterGivesAFullPassWithAWarning() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        fixture.write("write -P 1 0 2M");
        fixture.replicate();
        Path socket = dir.resolve("writer.sock");
        Process writer = new ProcessBuilder("qemu-nbd", "--persistent", "--socket=" + socket, "--format=qcow2",
                fixture.image.toString()).redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 500 && !Files.exists(socket); i++) {
                Thread.sleep(10);
            }
            assertThat(socket).exists();
            // qemu-nbd marks the bitmaps in-use in the image header once it has the image open
            // read-write; under load that can come a little after the socket appears
            for (int i = 0; i < 500 && !fixture.bitmaps().values().stream().allMatch(f -> f.contains("in-use")); i++) {
                Thread.sleep(10);
            }
        } finally {
            writer.destroyForcibly(); // SIGKILL while it holds the image writable
            assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(fixture.bitmaps()).allSatisfy((name, flags) -> assertThat(flags).contains("in-use"));
        fixture.write("write -P 2 1M 64k", "write -P 3 7M 64k"); // an in-use bitmap records nothing

        assertFallbackThenIncremental(fixture, "is in-use");
    }

    @Test
    void aReplacedImageGivesAFullPassWithAWarning() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        fixture.write("write -P 1 0 2M");
        fixture.replicate();
        Path copy = dir.resolve("copy.qcow2");
        QemuFixture.run("qemu-img", "convert", "-f", "qcow2", "-O", "qcow2", fixture.image.toString(), copy.toString());
        Files.move(copy, fixture.image, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        fixture.write("write -P 2 1M 64k", "write -P 3 7M 64k");

        assertFallbackThenIncremental(fixture, "the image was replaced");
    }

    /** Issue 19, defect 8: the same image written relative after absolute keeps its change tracking. */
    @Test
    void theSameImageWrittenDifferentlyStaysIncremental() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        fixture.write("write -P 1 0 2M");
        fixture.replicate();
        fixture.write("write -P 2 1M 64k");
        String relative = "qemu:" + Path.of("").toAbsolutePath().relativize(fixture.image);
        io.pilotlight.repo.PointInfo point;
        try (var source = SourceUri.open(relative)) {
            point = fixture.replicator.replicate(QemuFixture.DISK, source);
        }
        fixture.keepReference(point.id());
        assertThat(point.fullPass()).as("incremental through %s after %s", relative, fixture.uri()).isFalse();
        assertThat(point.readBytes()).isEqualTo(GRAIN);
        fixture.assertRestoresExactly();
    }

    private static void assertFallbackThenIncremental(QemuFixture fixture, String reason) throws Exception {
        PointInfo fallback = fixture.replicate();
        assertThat(fallback.fullPass()).isTrue();
        assertThat(fallback.warnings()).singleElement().asString().contains(reason)
                .contains("reading the whole disk");
        assertThat(fallback.changedBytes()).as("hash-compare stores only what differs").isEqualTo(2L * GRAIN);
        assertThat(fixture.bitmaps()).hasSize(1).allSatisfy((name, flags) -> assertThat(flags).containsExactly("auto"));

        fixture.write("write -P 4 3M 64k");
        PointInfo next = fixture.replicate();
        assertThat(next.fullPass()).isFalse();
        assertThat(next.warnings()).isEmpty();
        assertThat(next.readBytes()).isEqualTo(GRAIN);
        fixture.assertRestoresExactly();
    }

    @Test
    void aRunThatFailsAfterChangesLeavesThemToBeReportedAgain() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        fixture.write("write -P 1 0 1M");
        fixture.replicate();
        Map<String, List<String>> before = fixture.bitmaps();
        fixture.write("write -P 2 4M 128k", "write -P 3 9M 64k");

        try (QemuImageSource source = QemuImageSource.open(fixture.uri(), fixture.image)) {
            assertThatThrownBy(() -> fixture.replicator.replicate(QemuFixture.DISK, new InterceptedReads(source, (offset, target) -> {
                throw new IOException("injected read failure at " + offset);
            })))
                    .isInstanceOf(IOException.class).hasMessageContaining("injected");
        }
        assertThat(fixture.bitmaps()).as("the checkpoint was put back as it was").isEqualTo(before);

        fixture.write("write -P 4 12M 64k");
        PointInfo retried = fixture.replicate();
        assertThat(retried.fullPass()).isFalse();
        assertThat(retried.readBytes()).as("the failed run's changes, and the one since").isEqualTo(4L * GRAIN);
        fixture.assertRestoresExactly();
    }

    @Test
    void aRunThatDiedAfterRotatingLeavesABitmapThatIsMergedBack() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        fixture.write("write -P 1 0 1M");
        fixture.replicate();
        String token = fixture.latestToken();
        fixture.write("write -P 2 4M 64k");
        try (QemuImageSource source = QemuImageSource.open(fixture.uri(), fixture.image)) {
            ChangeSet changes = source.changes(Optional.of(token)); // then neither commit nor abort: a kill
            assertThat(changes.fullPass()).isFalse();
        }
        assertThat(fixture.bitmaps()).hasSize(2);

        fixture.write("write -P 3 6M 64k");
        PointInfo next = fixture.replicate();
        assertThat(next.fullPass()).isFalse();
        assertThat(next.warnings()).isEmpty();
        assertThat(next.readBytes()).as("the dead run's changes and the later one").isEqualTo(2L * GRAIN);
        assertThat(fixture.bitmaps()).hasSize(1);
        fixture.assertRestoresExactly();
    }

    @Test
    void anImageAWriterHoldsIsRefusedWithQemuImgsReason() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        Path pidFile = dir.resolve("writer.pid");
        Path log = dir.resolve("writer.log");
        Process writer = new ProcessBuilder("qemu-nbd", "--persistent", "--socket=" + dir.resolve("writer.sock"),
                "--pid-file=" + pidFile, "--format=qcow2", fixture.image.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // qemu-nbd writes its pid file once it holds the image open (its socket exists before that)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(pidFile)) {
                assertThat(writer.isAlive()).as("qemu-nbd running: %s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("qemu-nbd wrote %s within 60 s", pidFile).isLessThan(deadline);
                Thread.sleep(10);
            }
            assertThatThrownBy(() -> QemuImageSource.open(fixture.uri(), fixture.image))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("image " + fixture.image + ": 'qemu-img info --output=json")
                    .hasMessageContaining("lock");
        } finally {
            writer.destroyForcibly(); // SIGKILL: qemu-nbd drops a SIGTERM that comes while it starts
            assertThat(writer.waitFor(60, TimeUnit.SECONDS)).as("qemu-nbd gone 60 s after SIGKILL").isTrue();
        }
    }

    @Test
    void aNonQcow2ImageIsRefusedNamingIt() throws Exception {
        Path raw = dir.resolve("disk.raw");
        QemuFixture.run("qemu-img", "create", "-q", "-f", "raw", raw.toString(), "1M");
        assertThatThrownBy(() -> SourceUri.open("qemu:" + raw)).isInstanceOf(IOException.class)
                .hasMessageContaining(raw.toString()).hasMessageContaining("raw image")
                .hasMessageContaining("needs qcow2");
    }

    @Test
    void aMissingImageNamesIt() {
        Path missing = dir.resolve("nope.qcow2");
        assertThatThrownBy(() -> SourceUri.open("qemu:" + missing)).isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString());
    }
}
