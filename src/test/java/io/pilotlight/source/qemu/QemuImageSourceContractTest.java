package io.pilotlight.source.qemu;

import io.pilotlight.source.AbstractChangedBlockSourceTest;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.testing.QemuFixture;
import io.pilotlight.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;

/** The source contract for an offline qcow2 image whose checkpoint bitmaps pilotlight manages. */
@Slow
class QemuImageSourceContractTest extends AbstractChangedBlockSourceTest {

    @Override
    protected Disk createDisk(Path directory, long size) throws Exception {
        QemuFixture fixture = new QemuFixture(directory, size);
        return new Disk() {
            @Override
            public ChangedBlockSource open() throws Exception {
                return QemuImageSource.open(fixture.uri(), fixture.image);
            }

            @Override
            public void write(long offset, int length, int pattern) throws Exception {
                fixture.write("write -P " + pattern + " " + offset + " " + length);
            }

            @Override
            public byte[] content() throws Exception {
                return rawCopy(directory, fixture.image);
            }

            @Override
            public void assertReleased() throws Exception {
                fixture.write("read 0 512"); // qemu-io takes the image's write lock: no qemu-nbd holds it
                QemuImageSource.open(fixture.uri(), fixture.image).close(); // and the claim is free
            }
        };
    }

    static byte[] rawCopy(Path directory, Path image) throws Exception {
        Path raw = directory.resolve("content.raw");
        QemuFixture.run("qemu-img", "convert", "-U", "-f", "qcow2", "-O", "raw", image.toString(), raw.toString());
        try {
            return Files.readAllBytes(raw);
        } finally {
            Files.delete(raw);
        }
    }
}
