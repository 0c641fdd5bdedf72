package io.pilotlight.source.qemu;

import static io.pilotlight.testing.QemuFixture.GRAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.repo.PointInfo;
import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.QemuFixture;
import io.pilotlight.testing.Slow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim a {@code qemu:} source holds on its image: a run SIGKILLed while its qemu-nbd serves
 * leaves that qemu-nbd holding the image's lock, and the next run stops it and goes on; overlapping
 * runs are refused; a recorded pid that is not our qemu-nbd is left alone. Real qemu tools.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Slow
class QemuImageClaimTest {
    private static final long SIZE = 32L << 20;

    @TempDir
    Path dir;

    @Test
    void aRunKilledWhileQemuNbdServesLeavesItRunningAndTheNextRunStopsItAndGoesOn() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        fixture.write("write -P 1 0 1M");
        fixture.replicate();
        fixture.write("write -P 2 4M 128k", "write -P 3 9M 64k");

        Path log = dir.resolve("child.log");
        Process child = ChildJvm.start("256m", QemuReplicateChild.class, log, dir.resolve("repo").toString(),
                QemuFixture.DISK, fixture.image.toString());
        ProcessHandle server;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("child stdout; log %s", log).isEqualTo("reading");
            server = child.toHandle().children()
                    .filter(p -> p.info().command().orElse("").endsWith("qemu-nbd")).findFirst().orElseThrow();
        } finally {
            child.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(running(server.pid())).as("qemu-nbd outlives the killed run, holding the image").isTrue();
        assertThat(fixture.bitmaps()).as("the dead run had rotated the checkpoint").hasSize(2);

        PointInfo next = fixture.replicate();
        assertThat(running(server.pid())).as("the next run stopped the leftover qemu-nbd").isFalse();
        assertThat(next.fullPass()).isFalse();
        assertThat(next.warnings()).isEmpty();
        assertThat(next.readBytes()).as("the dead run's changes, read again").isEqualTo(3L * GRAIN);
        assertThat(fixture.bitmaps()).hasSize(1).allSatisfy((name, flags) -> assertThat(flags).containsExactly("auto"));

        fixture.write("write -P 4 12M 64k");
        assertThat(fixture.replicate().readBytes()).isEqualTo(GRAIN);
        fixture.assertRestoresExactly();
    }

    @Test
    void aSecondSourceOnTheSameImageIsRefusedWhileTheFirstIsOpen() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        Path lock = claimDirectory(fixture.image).resolve("lock");
        try (QemuImageSource first = QemuImageSource.open(fixture.uri(), fixture.image)) {
            assertThatThrownBy(() -> QemuImageSource.open(fixture.uri(), dir.resolve(".").resolve("disk.qcow2")))
                    .isInstanceOf(IOException.class)
                    .hasMessage("image " + fixture.image.toRealPath() + ": another pilotlight run is using it (lock "
                            + lock + " is held); runs on one image"
                            + " must not overlap");
        }
        QemuImageSource.open(fixture.uri(), fixture.image).close();
        assertThat(lock.getParent()).as("a closed claim leaves nothing behind").doesNotExist();
    }

    @Test
    void aRecordedPidThatIsNotOurQemuNbdIsLeftAlone() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Path pidFile = Files.createDirectories(claimDirectory(fixture.image)).resolve("qemu-nbd.pid");
            Files.writeString(pidFile, other.pid() + "\n");
            fixture.write("write -P 1 0 64k");
            assertThat(fixture.replicate().readBytes()).isEqualTo(GRAIN);
            assertThat(other.isAlive()).isTrue();
            assertThat(pidFile).doesNotExist();
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    private static Path claimDirectory(Path image) throws IOException {
        try (QemuImageClaim claim = QemuImageClaim.acquire(image)) {
            return claim.directory();
        }
    }

    /** Running, not a zombie: an orphan's zombie may stay unreaped where pid 1 does not reap. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }
}
