package io.pilotlight.repo;

import static io.pilotlight.repo.Mutations.corrupt;
import static io.pilotlight.repo.Mutations.flipped;
import static io.pilotlight.repo.Mutations.truncated;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackTest {
    private static final String KEY = "data/ab/ab01";

    private record Built(byte[] pack, List<PackEntry> entries, List<byte[]> plaintexts) {}

    private static Built build(long seed, int blobs) throws CorruptObjectException {
        Random random = new Random(seed);
        Pack.Builder builder = new Pack.Builder();
        List<byte[]> plaintexts = new ArrayList<>();
        for (int i = 0; i < blobs; i++) {
            byte[] plain;
            if (i % 2 == 0) {
                plain = new byte[50 + random.nextInt(200)];
                random.nextBytes(plain);
            } else {
                plain = ("grain " + i + " ").repeat(30 + random.nextInt(30)).getBytes(StandardCharsets.US_ASCII);
            }
            StoredBlob blob = StoredBlob.of(i % 3 == 2 ? BlobType.SEGMENT : BlobType.DATA, plain, 0, plain.length);
            builder.add(blob.id(), blob.type(), blob.compression(), blob.bytes(), blob.offset(), blob.storedLength(),
                    blob.rawLength());
            plaintexts.add(plain);
        }
        return new Built(builder.finish(), builder.entries(), plaintexts);
    }

    private static byte[] stored(byte[] pack, PackEntry entry) {
        return Arrays.copyOfRange(pack, entry.offset(), entry.offset() + entry.storedLength());
    }

    @Test
    void roundTrips() throws Exception {
        Built built = build(1, 5);
        assertThat(built.entries()).extracting(PackEntry::compression).contains(Compression.NONE, Compression.ZSTD);
        assertThat(Pack.readHeader(KEY, built.pack())).isEqualTo(built.entries());
        for (int i = 0; i < built.entries().size(); i++) {
            PackEntry entry = built.entries().get(i);
            assertThat(Pack.decodeBlob("blob", entry, stored(built.pack(), entry))).isEqualTo(built.plaintexts().get(i));
        }
    }

    @Test
    void emptyPackRoundTrips() throws Exception {
        byte[] pack = new Pack.Builder().finish();
        assertThat(pack).hasSize(Pack.TRAILER);
        assertThat(Pack.readHeader(KEY, pack)).isEmpty();
    }

    @Test
    void everyTruncationIsCorrupt() throws Exception {
        byte[] pack = build(2, 4).pack();
        for (int length = 0; length < pack.length; length++) {
            byte[] object = truncated(pack, length);
            assertThat(corrupt("length " + length, () -> Pack.readHeader(KEY, object)))
                    .hasMessageStartingWith("pack " + KEY + ": ");
        }
    }

    @Test
    void aPackMissingItsFirstBytesIsCorrupt() throws Exception {
        byte[] pack = build(3, 4).pack();
        for (int cut = 1; cut < pack.length; cut++) {
            byte[] object = Arrays.copyOfRange(pack, cut, pack.length);
            assertThat(corrupt("cut " + cut, () -> Pack.readHeader(KEY, object)))
                    .hasMessageStartingWith("pack " + KEY + ": ");
        }
    }

    /**
     * A flip in the header or trailer fails the header; a flip in a blob is not the header's
     * business (the pack's name covers it) but decoding that blob must fail or give back exactly the
     * original plaintext.
     */
    @Test
    void everyBitFlipIsCaughtByTheHeaderOrByTheBlobsId() throws Exception {
        Built built = build(4, 4);
        byte[] pack = built.pack();
        int dataLength = built.entries().stream().mapToInt(PackEntry::storedLength).sum();
        for (int bit = 0; bit < pack.length * 8; bit++) {
            byte[] object = flipped(pack, bit);
            int at = bit / 8;
            if (at >= dataLength) {
                assertThat(corrupt("bit " + bit, () -> Pack.readHeader(KEY, object)))
                        .hasMessageStartingWith("pack " + KEY + ": ");
                continue;
            }
            assertThat(Pack.readHeader(KEY, object)).isEqualTo(built.entries());
            for (int i = 0; i < built.entries().size(); i++) {
                PackEntry entry = built.entries().get(i);
                if (at >= entry.offset() && at < entry.offset() + entry.storedLength()) {
                    byte[] plain = built.plaintexts().get(i);
                    CorruptObjectException e = Mutations.succeedsOrIsCorrupt("bit " + bit,
                            () -> assertThat(Pack.decodeBlob("blob 7 of " + KEY, entry, stored(object, entry)))
                                    .isEqualTo(plain));
                    if (e != null) {
                        assertThat(e).hasMessageStartingWith("blob 7 of " + KEY + ": ");
                    }
                }
            }
        }
    }

    @Test
    void everyTruncationOfAStoredBlobIsCorrupt() throws Exception {
        Built built = build(5, 2);
        for (PackEntry entry : built.entries()) {
            byte[] stored = stored(built.pack(), entry);
            for (int length = 0; length < stored.length; length++) {
                byte[] object = truncated(stored, length);
                assertThat(corrupt("length " + length, () -> Pack.decodeBlob("blob x", entry, object)))
                        .hasMessageStartingWith("blob x: ");
            }
        }
    }

    @Test
    void aBlobThatDoesNotHashToItsIdSaysChecksumMismatch() throws Exception {
        byte[] plain = "hello".getBytes(StandardCharsets.US_ASCII);
        PackEntry entry = new PackEntry(Hash.of(new byte[5]), BlobType.DATA, Compression.NONE, 0, 5, 5);
        assertThat(corrupt("other", () -> Pack.decodeBlob("blob x at offset 0 of " + KEY, entry, plain)))
                .hasMessage("blob x at offset 0 of " + KEY + ": checksum mismatch (content does not hash to its id)");
    }

    @Test
    void unknownCompressionIsNamed() {
        PackEntry entry = new PackEntry(Hash.of(new byte[5]), BlobType.DATA, 2, 0, 5, 5);
        assertThat(corrupt("compression", () -> Pack.decodeBlob("blob x", entry, new byte[5])))
                .hasMessage("blob x: unknown compression 2");
    }

    @Test
    void wrongVersionAndEntryCountAreNamed() throws Exception {
        byte[] pack = build(6, 2).pack();
        byte[] version = pack.clone();
        ByteBuffer.wrap(version).putInt(pack.length - 8, 2);
        assertThat(corrupt("version", () -> Pack.readHeader(KEY, version)))
                .hasMessage("pack " + KEY + ": version 2 is not 1");
        byte[] count = pack.clone();
        ByteBuffer.wrap(count).putInt(pack.length - 12, 1_000_000);
        assertThat(corrupt("count", () -> Pack.readHeader(KEY, count)))
                .hasMessage("pack " + KEY + ": 1000000 entries do not fit in " + pack.length + " bytes");
    }

    @Test
    void randomGarbageIsOnlyEverCorrupt() {
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] garbage = Mutations.randomBytes(random, 400);
            if (i % 2 == 0 && garbage.length >= Pack.TRAILER) {
                System.arraycopy(Pack.MAGIC, 0, garbage, garbage.length - 4, 4);
                ByteBuffer.wrap(garbage).putInt(garbage.length - 8, Pack.VERSION);
            }
            assertThat(corrupt("case " + i, () -> Pack.readHeader(KEY, garbage)))
                    .hasMessageStartingWith("pack " + KEY + ": ");
        }
    }

    /** Random headers behind a correct trailer reach the entry checks, which must hold. */
    @Test
    void randomHeadersWithRightChecksumsDecodeConsistentlyOrAreCorrupt() {
        Random random = new Random(8);
        for (int i = 0; i < 3000; i++) {
            int count = random.nextInt(4);
            byte[] header = new byte[count * Pack.ENTRY];
            random.nextBytes(header);
            ByteBuffer entries = ByteBuffer.wrap(header);
            int offset = 0;
            for (int e = 0; e < count; e++) {
                int stored = random.nextInt(40);
                if (random.nextInt(4) > 0) { // mostly plausible entries, so the later checks are reached
                    entries.put(e * Pack.ENTRY, (byte) (1 + random.nextInt(2)));
                    entries.put(e * Pack.ENTRY + 1, (byte) random.nextInt(2));
                    entries.putInt(e * Pack.ENTRY + 4, offset);
                    entries.putInt(e * Pack.ENTRY + 8, stored);
                    entries.putInt(e * Pack.ENTRY + 12, random.nextInt(100));
                }
                offset += stored;
            }
            int dataLength = random.nextInt(3) == 0 ? random.nextInt(200) : offset;
            ByteBuffer pack = ByteBuffer.allocate(dataLength + header.length + Pack.TRAILER);
            pack.position(dataLength);
            pack.put(header);
            Hash.of(header).copyTo(pack.array(), pack.position());
            pack.position(pack.position() + Hash.LENGTH);
            pack.putInt(count).putInt(Pack.VERSION).put(Pack.MAGIC);
            CorruptObjectException e = Mutations.succeedsOrIsCorrupt("case " + i, () -> {
                List<PackEntry> decoded = Pack.readHeader(KEY, pack.array());
                assertThat(decoded).hasSize(count);
                assertThat(decoded.stream().mapToLong(PackEntry::storedLength).sum()).isEqualTo(dataLength);
            });
            if (e != null) {
                assertThat(e).hasMessageStartingWith("pack " + KEY + ": ");
            }
        }
    }

    private static byte[] random(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void aReusedBuilderNeverCarriesBytesOfThePreviousPack() throws Exception {
        Random random = new Random(11);
        Pack.Builder reused = new Pack.Builder(64);
        byte[] previous = random(random, 300_000);
        Arrays.fill(previous, 100_000, 300_000, (byte) 0x5a);
        reused.add(Hash.of(previous), BlobType.DATA, Compression.NONE, previous, previous.length);
        reused.finish();
        reused.reset();
        Pack.Builder fresh = new Pack.Builder();
        for (int i = 0; i < 3; i++) {
            byte[] blob = random(random, 1000 + i);
            reused.add(Hash.of(blob), BlobType.DATA, Compression.NONE, blob, blob.length);
            fresh.add(Hash.of(blob), BlobType.DATA, Compression.NONE, blob, blob.length);
        }

        byte[] pack = reused.finish();

        assertThat(pack).isEqualTo(fresh.finish());
        assertThat(pack).hasSize(3003 + 3 * Pack.ENTRY + Pack.TRAILER);
        assertThat(reused.entries()).isEqualTo(fresh.entries());
        byte[] tail = Arrays.copyOfRange(previous, 200_000, 200_016); // 16 bytes of 0x5a, nowhere in the new pack
        assertThat(Collections.indexOfSubList(bytesOf(pack), bytesOf(tail))).isEqualTo(-1);
    }

    @Test
    void aBlobIsCopiedWhenAddedSoItsBufferMayBeReused() throws Exception {
        byte[] buffer = random(new Random(12), 4096);
        byte[] original = Arrays.copyOfRange(buffer, 1000, 3000);
        StoredBlob view = new StoredBlob(BlobType.DATA, Hash.of(original), Compression.NONE, buffer, 1000, 2000, 2000);
        Pack.Builder builder = new Pack.Builder();
        builder.add(view.id(), view.type(), view.compression(), view.bytes(), view.offset(), view.storedLength(),
                view.rawLength());

        Arrays.fill(buffer, (byte) 0);
        byte[] pack = builder.finish();

        PackEntry entry = Pack.readHeader(KEY, pack).get(0);
        assertThat(Pack.decodeBlob("blob", entry, stored(pack, entry))).isEqualTo(original);
    }

    @Test
    void aBuilderGrowsPastItsExpectedSizeAndKeepsEveryBlob() throws Exception {
        Random random = new Random(13);
        Pack.Builder builder = new Pack.Builder(1000);
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] blob = random(random, 700 + 37 * i);
            blobs.add(blob);
            builder.add(Hash.of(blob), BlobType.DATA, Compression.NONE, blob, blob.length);
        }

        byte[] pack = builder.finish();

        List<PackEntry> entries = Pack.readHeader(KEY, pack);
        for (int i = 0; i < blobs.size(); i++) {
            assertThat(Pack.decodeBlob("blob " + i, entries.get(i), stored(pack, entries.get(i)))).isEqualTo(blobs.get(i));
        }
    }

    @Test
    void aStoredBlobKeptRawIsAViewAndACompressedOneIsNot() {
        byte[] buffer = new byte[600_000];
        new Random(14).nextBytes(buffer);
        StoredBlob raw = StoredBlob.of(BlobType.DATA, buffer, 100, 300_000);
        byte[] text = "compressible ".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        StoredBlob compressed = StoredBlob.of(BlobType.DATA, text, 13, text.length - 13);

        assertThat(raw.bytes()).isSameAs(buffer);
        assertThat(raw.offset()).isEqualTo(100);
        assertThat(raw.storedLength()).isEqualTo(300_000);
        assertThat(compressed.compression()).isEqualTo(Compression.ZSTD);
        assertThat(compressed.offset()).isZero();
        assertThat(compressed.storedLength()).isEqualTo(compressed.bytes().length).isLessThan(text.length / 10);
    }

    @Test
    void aStoredBlobOutsideItsBufferIsRefused() {
        Hash id = Hash.of(new byte[1]);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new StoredBlob(BlobType.DATA, id, Compression.NONE, new byte[10], 6, 5, 5))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static List<Byte> bytesOf(byte[] bytes) {
        List<Byte> list = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }
}
