package io.pilotlight.recovery.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.testing.SampleRepository;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlay map's log: appends per flush, torn tails cut off, corruption refused, compaction, v1. */
class OverlayMapTest {
    private static final OverlayMap.Header HEADER = new OverlayMap.Header("r", "d1", "p", 1L << 40, 4096);

    @TempDir
    Path dir;

    private Path overlay() {
        return dir.resolve("vm.overlay");
    }

    private OverlayMap open() throws IOException {
        return OverlayMap.append(overlay(), OverlayMap.read(overlay()));
    }

    private static BitSet blocks(int... ranges) {
        BitSet set = new BitSet();
        for (int i = 0; i < ranges.length; i += 2) {
            set.set(ranges[i], ranges[i] + ranges[i + 1]);
        }
        return set;
    }

    /** A block 400 GB in makes a 12 MB bitmap; each flush after it adds a 20-byte record, not the bitmap. */
    @Test
    void aFlushAppendsARecordOfTheBlocksAddedNotTheWholeBitmap() throws Exception {
        BitSet all = blocks(100_000_000, 1);
        OverlayMap.create(overlay(), HEADER, all);
        long snapshot = Files.size(OverlayMap.pathFor(overlay()));
        assertThat(snapshot).isGreaterThan(12_000_000);
        try (OverlayMap map = open()) {
            for (int flush = 0; flush < 10; flush++) {
                BitSet added = blocks(flush * 10, 3);
                all.or(added);
                map.record(added, all);
            }
            map.record(new BitSet(), all); // nothing added: nothing written
        }
        assertThat(Files.size(OverlayMap.pathFor(overlay()))).isEqualTo(snapshot + 10 * (12 + 8));
        OverlayMap.Contents read = OverlayMap.read(overlay());
        assertThat(read.blocks()).isEqualTo(all);
        assertThat(read.header()).isEqualTo(HEADER);
    }

    @Test
    void aTornLastRecordIsCutOffAndAppendingGoesOn() throws Exception {
        BitSet all = blocks(0, 1);
        OverlayMap.create(overlay(), HEADER, all);
        try (OverlayMap map = open()) {
            all.set(5);
            map.record(blocks(5, 1), all);
            map.record(blocks(7, 2, 20, 1), all);
        }
        Path file = OverlayMap.pathFor(overlay());
        long whole = Files.size(file);
        for (long cut = whole - 1; cut > whole - (12 + 16); cut--) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(cut);
            }
            OverlayMap.Contents read = OverlayMap.read(overlay());
            assertThat(read.blocks()).as("cut at %d", cut).isEqualTo(blocks(0, 1, 5, 1));
        }
        try (OverlayMap map = open()) { // cuts the torn bytes off, then appends after the last good record
            all = blocks(0, 1, 5, 1, 9, 1);
            map.record(blocks(9, 1), all);
        }
        assertThat(OverlayMap.read(overlay()).blocks()).isEqualTo(all);
        assertThat(Files.size(file)).isEqualTo(whole - (12 + 16) + (12 + 8));
    }

    @Test
    void aDamagedRecordBeforeTheTailIsCorruptData() throws Exception {
        BitSet all = new BitSet();
        OverlayMap.create(overlay(), HEADER, all);
        long snapshot = Files.size(OverlayMap.pathFor(overlay()));
        try (OverlayMap map = open()) {
            for (int flush = 0; flush < 3; flush++) { // records of 4096 ranges, 32 KiB each
                BitSet added = new BitSet();
                for (int i = 0; i < OverlayMap.RECORD_MAX_RANGES; i++) {
                    added.set(flush * 100_000 + 2 * i);
                }
                all.or(added);
                map.record(added, all);
            }
        }
        SampleRepository.flipByte(OverlayMap.pathFor(overlay()), snapshot + 100);
        assertThatThrownBy(() -> OverlayMap.read(overlay()))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("overlay map fails its checksum at log record offset " + snapshot);
    }

    @Test
    void theSnapshotIsRewrittenWhenTheLogOutgrowsItOrAFlushIsLarge() throws Exception {
        BitSet all = new BitSet();
        OverlayMap.create(overlay(), HEADER, all);
        Path file = OverlayMap.pathFor(overlay());
        try (OverlayMap map = open()) {
            BitSet many = new BitSet();
            for (int i = 0; i <= OverlayMap.RECORD_MAX_RANGES; i++) {
                many.set(2 * i); // one range more than a record holds
            }
            all.or(many);
            map.record(many, all);
            long rewritten = Files.size(file);
            assertThat(rewritten).isLessThan(OverlayMap.RECORD_MAX_BYTES); // a bitmap of 8 Ki bits, no log
            long size = rewritten;
            int flushes = 0;
            while (Files.size(file) >= size) { // log records until the log passes 1 MiB, then one rewrite
                size = Files.size(file);
                BitSet added = new BitSet();
                for (int i = 0; i < 1000; i++) {
                    added.set(1_000_000 + flushes * 2000 + 2 * i);
                }
                all.or(added);
                map.record(added, all);
                flushes++;
            }
            assertThat(flushes).isBetween(100, 200);
        }
        assertThat(OverlayMap.read(overlay()).blocks()).isEqualTo(all);
    }

    @Test
    void aVersion1MapIsReadAndRewrittenAsVersion2() throws Exception {
        byte[] json = "{\"repository\":\"r\",\"disk\":\"d1\",\"point\":\"p\",\"diskSize\":1099511627776,\"blockSize\":4096}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long[] longs = blocks(3, 2, 64, 1).toLongArray();
        ByteBuffer v1 = ByteBuffer.allocate(8 + 4 + json.length + 4 + 8 * longs.length + 4);
        v1.putLong(0x504c4f564d415031L).putInt(json.length).put(json).putInt(longs.length);
        for (long value : longs) {
            v1.putLong(value);
        }
        CRC32C crc = new CRC32C();
        crc.update(v1.array(), 0, v1.position());
        v1.putInt((int) crc.getValue());
        Files.write(OverlayMap.pathFor(overlay()), v1.array());

        assertThat(OverlayMap.read(overlay()).blocks()).isEqualTo(blocks(3, 2, 64, 1));
        assertThat(OverlayMap.read(overlay()).header()).isEqualTo(HEADER);
        BitSet all = blocks(3, 2, 64, 1, 100, 1);
        try (OverlayMap map = open()) {
            map.record(blocks(100, 1), all);
        }
        byte[] now = Files.readAllBytes(OverlayMap.pathFor(overlay()));
        assertThat(ByteBuffer.wrap(now).getLong()).isEqualTo(0x504c4f564d415032L);
        assertThat(OverlayMap.read(overlay()).blocks()).isEqualTo(all);
    }
}
