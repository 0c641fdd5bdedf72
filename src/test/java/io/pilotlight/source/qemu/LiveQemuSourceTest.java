package io.pilotlight.source.qemu;

import static io.pilotlight.testing.QemuFixture.GRAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.repo.PointInfo;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.SourceUri;
import io.pilotlight.testing.QemuFixture;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.StorageDaemon;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qmp:} sources against a real qemu-storage-daemon whose disk a "guest" (qemu-io over the daemon's
 * writable NBD export) keeps writing while pilotlight replicates. Each point, restored, must equal the disk
 * as the guest saw it at the freeze, not the writes that came after.
 */
@Slow
class LiveQemuSourceTest {
    private static final long SIZE = 32L << 20;

    @TempDir
    Path dir;
    private StorageDaemon daemon;

    @AfterEach
    void stopDaemon() throws IOException {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void writesAfterTheFreezeGoToTheNextPoint() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        daemon = new StorageDaemon(dir, fixture.image);
        daemon.write("write -P 1 0 1M", "write -P 2 5M 192k");
        PointInfo first = replicate(fixture, "write -P 9 0 64k", "write -P 9 5M 64k", "write -P 9 20M 64k");
        assertThat(first.fullPass()).isTrue();
        assertThat(first.warnings()).isEmpty();
        assertThat(first.readBytes()).as("only allocated data; zeros known from base:allocation")
                .isEqualTo(1048576L + 196608);

        PointInfo second = replicate(fixture, "write -P 8 10M 128k");
        assertThat(second.fullPass()).isFalse();
        assertThat(second.readBytes()).as("the three grains written after the first freeze").isEqualTo(3L * GRAIN);

        PointInfo third = replicate(fixture);
        assertThat(third.fullPass()).isFalse();
        assertThat(third.readBytes()).isEqualTo(2L * GRAIN);
        fixture.assertRestoresExactly();
        assertThat(daemon.bitmaps()).as("one checkpoint, recording").containsOnlyKeys(bitmapOf(fixture.latestToken()))
                .allSatisfy((name, bitmap) -> assertThat(bitmap.path("recording").asBoolean()).isTrue());
    }

    @Test
    void aGuestWritingThroughoutTheRunDoesNotLeakIntoThePoint() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        daemon = new StorageDaemon(dir, fixture.image);
        daemon.write("write -P 1 0 8M");
        for (int round = 0; round < 3; round++) {
            AtomicBoolean stop = new AtomicBoolean();
            int base = round;
            Thread guest = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        daemon.write("write -P " + (20 + base * 10 + i % 10) + " " + (i % 64) * 128 + "k 64k");
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            PointInfo point = replicate(fixture, () -> guest.start());
            stop.set(true);
            guest.join(30_000);
            assertThat(point.fullPass()).isEqualTo(round == 0);
        }
        fixture.assertRestoresExactly();
    }

    @Test
    void aKilledDaemonGivesAFullPassWithAWarningThenIncrementalAgain() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        daemon = new StorageDaemon(dir, fixture.image);
        daemon.write("write -P 1 0 2M");
        replicate(fixture);
        daemon.close(); // stores the checkpoint bitmap in the image
        daemon.start(); // loads it, flagging it in-use in the image
        daemon.write("write -P 2 1M 64k", "write -P 3 7M 64k");
        daemon.kill();
        daemon.start();
        assertThat(daemon.bitmaps()).allSatisfy((name, bitmap) ->
                assertThat(bitmap.path("inconsistent").asBoolean()).isTrue());

        PointInfo fallback = replicate(fixture);
        assertThat(fallback.fullPass()).isTrue();
        assertThat(fallback.warnings()).singleElement().asString().contains("is in-use (inconsistent)")
                .contains("reading the whole disk");
        assertThat(fallback.changedBytes()).as("hash-compare stores only what differs").isEqualTo(2L * GRAIN);
        daemon.write("write -P 4 3M 64k");
        PointInfo next = replicate(fixture);
        assertThat(next.fullPass()).isFalse();
        assertThat(next.readBytes()).isEqualTo(GRAIN);

        daemon.write("write -P 5 12M 64k");
        daemon.kill(); // the checkpoint was added at run time: never stored in the image
        daemon.start();
        PointInfo lost = replicate(fixture);
        assertThat(lost.fullPass()).isTrue();
        assertThat(lost.warnings()).singleElement().asString().contains("is missing from node disk0");
        assertThat(lost.changedBytes()).isEqualTo(GRAIN);
        fixture.assertRestoresExactly();
    }

    @Test
    void aFailedRunLeavesItsChangesToBeReportedAgain() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        daemon = new StorageDaemon(dir, fixture.image);
        daemon.write("write -P 1 0 1M");
        replicate(fixture);
        String token = fixture.latestToken();
        daemon.write("write -P 2 4M 128k");
        try (LiveQemuSource source = LiveQemuSource.open(daemon.uri())) {
            During failing = new During(source, () -> daemon.write("write -P 3 9M 64k"), true); // after the freeze
            assertThatThrownBy(() -> fixture.replicator.replicate(QemuFixture.DISK, failing))
                    .isInstanceOf(IOException.class).hasMessageContaining("injected");
        }
        assertThat(daemon.bitmaps()).as("the token's bitmap, recording again").containsOnlyKeys(bitmapOf(token))
                .allSatisfy((name, bitmap) -> assertThat(bitmap.path("recording").asBoolean()).isTrue());

        PointInfo retried = replicate(fixture);
        assertThat(retried.fullPass()).isFalse();
        assertThat(retried.readBytes()).as("the failed run's changes, and the one after its freeze").isEqualTo(3L * GRAIN);
        fixture.assertRestoresExactly();
    }

    /**
     * Issue 19, defect 7: a daemon whose NBD server already runs, named without nbd-socket=, fails the
     * run (rightly), but the checkpoint bitmap stays, so the next run is incremental.
     */
    @Test
    void aRunThatFailsToExportKeepsTheCheckpointBitmap() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        daemon = new StorageDaemon(dir, fixture.image);
        daemon.write("write -P 1 0 1M");
        replicate(fixture);
        String token = fixture.latestToken();
        daemon.write("write -P 2 4M 64k");
        for (String uri : List.of(daemon.uriWithoutSocket(), "qmp:" + Path.of("").toAbsolutePath().relativize(daemon.qmpSocket) + "?node=disk0")) {
            try (LiveQemuSource failing = LiveQemuSource.open(uri)) {
                assertThatThrownBy(() -> fixture.replicator.replicate(QemuFixture.DISK, failing))
                        .isInstanceOf(IOException.class).hasMessageContaining("already runs an NBD server");
            }
            assertThat(daemon.bitmaps()).as("the token's bitmap, recording, after a failed run of %s", uri)
                    .containsOnlyKeys(bitmapOf(token))
                    .allSatisfy((name, bitmap) -> assertThat(bitmap.path("recording").asBoolean()).isTrue());
            assertThat(daemon.fleeceOverlays()).isEmpty();
        }
        PointInfo next = replicate(fixture);
        assertThat(next.fullPass()).as("incremental after the failed runs").isFalse();
        assertThat(next.readBytes()).isEqualTo(GRAIN);
        fixture.assertRestoresExactly();
    }

    @Test
    void aRunThatDiedLeavesAViewAndABitmapTheNextRunCleansUp() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        daemon = new StorageDaemon(dir, fixture.image);
        daemon.write("write -P 1 0 1M");
        replicate(fixture);
        daemon.write("write -P 2 4M 64k");
        LiveQemuSource dying = LiveQemuSource.open(daemon.uri());
        dying.changes(Optional.of(fixture.latestToken())); // then no commit, no abort, no close: a killed run
        dying.dropConnection();
        assertThat(daemon.bitmaps()).as("ours, and the backup job's unnamed one").hasSize(3)
                .containsKey("").containsKey(bitmapOf(fixture.latestToken()));

        daemon.write("write -P 3 6M 64k");
        PointInfo next = replicate(fixture);
        assertThat(next.fullPass()).isFalse();
        assertThat(next.readBytes()).as("the dead run's changes and the later one").isEqualTo(2L * GRAIN);
        assertThat(daemon.bitmaps()).hasSize(1);
        fixture.assertRestoresExactly();
    }

    @Test
    void aRunThatDiedOnItsPrivateSocketLeavesNothingTheNextRunTripsOn() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        daemon = new StorageDaemon(dir, fixture.image);
        daemon.write("write -P 1 0 1M");
        daemon.stopGuestServer();
        String uri = daemon.uriWithoutSocket();
        PointInfo first;
        try (LiveQemuSource source = LiveQemuSource.open(uri)) {
            first = fixture.replicator.replicate(QemuFixture.DISK, source);
        }
        LiveQemuSource dying = LiveQemuSource.open(uri);
        dying.changes(Optional.of(fixture.latestToken()));
        dying.dropConnection();
        List<Path> overlays = daemon.fleeceOverlays();
        assertThat(overlays).hasSize(1);
        assertThat(overlays.get(0)).exists();

        PointInfo next;
        try (LiveQemuSource source = LiveQemuSource.open(uri)) {
            next = fixture.replicator.replicate(QemuFixture.DISK, source);
        }
        assertThat(next.fullPass()).isFalse();
        assertThat(next.digest()).isEqualTo(first.digest());
        assertThat(overlays.get(0)).doesNotExist();
        assertThat(overlays.get(0).getParent()).as("the dead run's private directory").doesNotExist();
        assertThat(daemon.fleeceOverlays()).isEmpty();
    }

    @Test
    void aSecondRunOnTheSameDaemonIsRefusedWhileTheFirstRuns() throws Exception {
        QemuFixture fixture = new QemuFixture(dir, SIZE);
        daemon = new StorageDaemon(dir, fixture.image);
        try (LiveQemuSource first = LiveQemuSource.open(daemon.uri())) {
            first.changes(Optional.empty());
            assertThatThrownBy(() -> LiveQemuSource.open(daemon.uri())).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("QMP socket " + daemon.qmpSocket.toRealPath()
                            + ": another pilotlight run is using it")
                    .hasMessageEndingWith("runs on one QMP socket must not overlap");
        }
        LiveQemuSource.open(daemon.uri()).close();
    }

    @Test
    void anUnknownNodeIsNamedWithTheNodesThereAre() {
        assertThatThrownBy(() -> {
            daemon = new StorageDaemon(dir, new QemuFixture(dir, SIZE).image);
            SourceUri.open("qmp:" + daemon.qmpSocket + "?node=nope");
        }).isInstanceOf(IOException.class).hasMessageContaining("no node 'nope'").hasMessageContaining("disk0");
        assertThatThrownBy(() -> SourceUri.open("qmp:/x.sock?nodes=a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nodes=a' is not one of [node, nbd-socket]");
    }

    private static String bitmapOf(String token) {
        return token.substring(QemuImageSource.TOKEN_PREFIX.length());
    }

    /** Keeps the guest's view as the reference, replicates, and runs {@code afterFreeze} right after changes(). */
    private PointInfo replicate(QemuFixture fixture, String... afterFreeze) throws Exception {
        return replicate(fixture, () -> {
            if (afterFreeze.length > 0) {
                daemon.write(afterFreeze);
            }
        });
    }

    private PointInfo replicate(QemuFixture fixture, Action afterFreeze) throws Exception {
        Path reference = dir.resolve("reference-" + fixture.references.size() + ".raw");
        daemon.copyTo(reference);
        PointInfo point;
        try (LiveQemuSource source = LiveQemuSource.open(daemon.uri())) {
            point = fixture.replicator.replicate(QemuFixture.DISK, new During(source, afterFreeze, false));
        }
        fixture.references.put(point.id(), reference);
        return point;
    }

    interface Action {
        void run() throws Exception;
    }

    /** The same source, running an action once the view is frozen, before any read; optionally failing reads. */
    private record During(LiveQemuSource source, Action afterFreeze, boolean failReads) implements ChangedBlockSource {
        @Override
        public String uri() {
            return source.uri();
        }

        @Override
        public long size() {
            return source.size();
        }

        @Override
        public ChangeSet changes(Optional<String> sinceToken) throws IOException {
            ChangeSet changes = source.changes(sinceToken);
            try {
                afterFreeze.run();
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
            return changes;
        }

        @Override
        public void read(long offset, ByteBuffer target) throws IOException {
            if (failReads) {
                throw new IOException("injected read failure at " + offset);
            }
            source.read(offset, target);
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
