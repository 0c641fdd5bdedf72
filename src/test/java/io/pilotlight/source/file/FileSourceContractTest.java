package io.pilotlight.source.file;

import io.pilotlight.source.AbstractChangedBlockSourceTest;
import io.pilotlight.source.ChangedBlockSource;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The source contract for a sparse raw file: it tracks nothing, so every run is a full pass. */
class FileSourceContractTest extends AbstractChangedBlockSourceTest {

    @Override
    protected boolean tracksChanges() {
        return false;
    }

    @Override
    protected Disk createDisk(Path directory, long size) throws Exception {
        Path image = directory.resolve("disk.img");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size);
        }
        return new Disk() {
            @Override
            public ChangedBlockSource open() throws Exception {
                return FileSource.open(image);
            }

            @Override
            public void write(long offset, int length, int pattern) throws Exception {
                byte[] bytes = new byte[length];
                Arrays.fill(bytes, (byte) pattern);
                try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                    file.seek(offset);
                    file.write(bytes);
                }
            }

            @Override
            public byte[] content() throws Exception {
                return Files.readAllBytes(image);
            }
        };
    }
}
