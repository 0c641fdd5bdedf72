package io.pilotlight.source.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.source.AbstractChangedBlockSourceTest;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.testing.QemuFixture;
import io.pilotlight.testing.Slow;
import io.pilotlight.testing.StorageDaemon;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The source contract for a live disk in qemu-storage-daemon, written by a "guest" over the daemon's NBD
 * export: the guest may keep writing during a run, which reads a frozen view.
 */
@Slow
class LiveQemuSourceContractTest extends AbstractChangedBlockSourceTest {

    @Override
    protected boolean canWriteWhileOpen() {
        return true;
    }

    @Override
    protected Disk createDisk(Path directory, long size) throws Exception {
        QemuFixture fixture = new QemuFixture(directory, size);
        StorageDaemon daemon = new StorageDaemon(directory, fixture.image);
        return new Disk() {
            @Override
            public ChangedBlockSource open() throws Exception {
                return LiveQemuSource.open(daemon.uri());
            }

            @Override
            public void write(long offset, int length, int pattern) throws Exception {
                daemon.write("write -P " + pattern + " " + offset + " " + length);
            }

            @Override
            public byte[] content() throws Exception {
                Path raw = directory.resolve("content.raw");
                daemon.copyTo(raw);
                try {
                    return Files.readAllBytes(raw);
                } finally {
                    Files.delete(raw);
                }
            }

            @Override
            public void assertReleased() throws Exception {
                assertThat(daemon.fleeceOverlays()).as("fleecing views left in the daemon").isEmpty();
                LiveQemuSource.open(daemon.uri()).close(); // the claim on the QMP socket is free
            }

            @Override
            public void close() throws Exception {
                daemon.close();
            }
        };
    }
}
