package io.pilotlight.source;

import io.pilotlight.testing.QemuFixture;
import io.pilotlight.testing.QemuNbd;
import io.pilotlight.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The source contract for an NBD export with a dirty bitmap managed outside pilotlight: a qcow2 image
 * whose bitmap {@code b0} records every write, served read-only by qemu-nbd for each run. The bitmap is
 * never cleared, so every run reports every write since it was added: more than changed, which is safe.
 */
@Slow
class NbdSourceContractTest extends AbstractChangedBlockSourceTest {
    static final String BITMAP = "b0";

    /** Whether runs ask for the bitmap; without it an NBD source tracks nothing. */
    Optional<String> bitmap() {
        return Optional.of(BITMAP);
    }

    @Override
    protected Disk createDisk(Path directory, long size) throws Exception {
        QemuFixture fixture = new QemuFixture(directory, size);
        QemuFixture.run("qemu-img", "bitmap", "--add", "--enable", fixture.image.toString(), BITMAP);
        return new Disk() {
            @Override
            public ChangedBlockSource open() throws Exception {
                QemuNbd server = QemuNbd.unix(fixture.image, "qcow2", "--bitmap", BITMAP);
                try {
                    return new ClosingSource(NbdSource.connect(server.uri(), server.address(), bitmap()), server);
                } catch (Exception e) {
                    server.close();
                    throw e;
                }
            }

            @Override
            public void write(long offset, int length, int pattern) throws Exception {
                fixture.write("write -P " + pattern + " " + offset + " " + length);
            }

            @Override
            public byte[] content() throws Exception {
                Path raw = directory.resolve("content.raw");
                QemuFixture.run("qemu-img", "convert", "-U", "-f", "qcow2", "-O", "raw", fixture.image.toString(),
                        raw.toString());
                try {
                    return Files.readAllBytes(raw);
                } finally {
                    Files.delete(raw);
                }
            }

            @Override
            public void assertReleased() throws Exception {
                fixture.write("read 0 512"); // qemu-io takes the image's write lock: no qemu-nbd holds it
            }
        };
    }
}
