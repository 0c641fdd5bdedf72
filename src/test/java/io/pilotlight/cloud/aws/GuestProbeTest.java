package io.pilotlight.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Windows guest (an NTFS partition, in an MBR or a GPT table) is told apart from one EBS can boot. */
class GuestProbeTest {
    @TempDir
    Path temp;

    Manifest point(byte[]... sectorsAt) throws Exception {
        Path image = temp.resolve("disk.img");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(8L << 20);
            for (int i = 0; i < sectorsAt.length; i += 2) {
                file.seek(ByteBuffer.wrap(sectorsAt[i]).getLong());
                file.write(sectorsAt[i + 1]);
            }
        }
        Repository repository = Repository.init(new DirectoryObjectStore(temp.resolve("repo")), 65536);
        try (FileSource source = FileSource.open(image)) {
            new Replicator(repository, new ReplicateOptions(2, 1), ProgressListener.NONE).replicate("g", source);
        }
        return repository.latest("g").orElseThrow();
    }

    static byte[] at(long offset) {
        return ByteBuffer.allocate(8).putLong(offset).array();
    }

    static byte[] mbr(int type, int start) {
        ByteBuffer sector = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        sector.put(446 + 4, (byte) type).putInt(446 + 8, start).putShort(510, (short) 0xAA55);
        return sector.array();
    }

    static byte[] bootSector(String oem) {
        byte[] sector = new byte[512];
        System.arraycopy(oem.getBytes(StandardCharsets.US_ASCII), 0, sector, 3, 8);
        return sector;
    }

    Repository repository() throws Exception {
        return Repository.open(new DirectoryObjectStore(temp.resolve("repo")));
    }

    @Test
    void anNtfsPartitionInAnMbrMeansVmImport() throws Exception {
        Manifest point = point(at(0), mbr(0x07, 2048), at(2048 * 512L), bootSector("NTFS    "));
        assertThat(new GuestProbe(repository(), point).needsVmImport()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("partition 1 (sector 2048) is NTFS, a Windows guest").contains("VM Import"));
    }

    @Test
    void aLinuxOrFatPartitionAndAnEmptyDiskPass() throws Exception {
        Manifest point = point(at(0), mbr(0x0e, 2048), at(2048 * 512L), bootSector("mkfs.fat"));
        assertThat(new GuestProbe(repository(), point).needsVmImport()).isEmpty();
    }

    @Test
    void anNtfsPartitionInAGptMeansVmImportToo() throws Exception {
        ByteBuffer header = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        header.put("EFI PART".getBytes(StandardCharsets.US_ASCII)).putLong(72, 2).putInt(80, 128).putInt(84, 128);
        ByteBuffer entries = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        entries.putLong(128 + 32, 4096);
        Manifest point = point(at(0), mbr(0xEE, 1), at(512), header.array(), at(1024), entries.array(),
                at(4096 * 512L), bootSector("NTFS    "));
        assertThat(new GuestProbe(repository(), point).needsVmImport()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("partition 2 (sector 4096) is NTFS"));
    }
}
