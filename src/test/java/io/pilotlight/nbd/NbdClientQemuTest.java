package io.pilotlight.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.testing.QemuNbd;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against the real qemu-nbd, on a qcow2 image with random data, holes and a persistent
 * dirty bitmap b0 that saw some of the writes. References come from the qemu and libnbd tools:
 * {@code qemu-img convert -O raw} for bytes, {@code nbdinfo --map --json} for extents.
 */
@Slow
class NbdClientQemuTest {
    private static final long MIB = 1 << 20;
    private static final long SIZE = 80 * MIB;
    private static final List<String> CONTEXTS = List.of("base:allocation", "qemu:dirty-bitmap:b0");

    @TempDir
    static Path directory;
    private static Path image;
    private static byte[] reference;
    private static QemuNbd server;

    @BeforeAll
    static void makeImage() throws Exception {
        Path raw = directory.resolve("seed.raw");
        try (RandomAccessFile file = new RandomAccessFile(raw.toFile(), "rw")) {
            file.setLength(SIZE);
            Random random = new Random(42);
            for (long at : new long[] {0, 7 * MIB + 4096, 30 * MIB}) { // the last spans the 32 MiB request limit
                byte[] data = new byte[(int) (at == 30 * MIB ? 5 * MIB : MIB)];
                random.nextBytes(data);
                file.seek(at);
                file.write(data);
            }
        }
        image = directory.resolve("disk.qcow2");
        QemuNbd.run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), image.toString());
        QemuNbd.run("qemu-io", "-f", "qcow2", "-c", "write -P 0xab 1M 64k", image.toString());
        QemuNbd.run("qemu-img", "bitmap", "--add", "--enable", image.toString(), "b0");
        QemuNbd.run("qemu-io", "-f", "qcow2", "-c", "write -P 0xcd 3M 128k", "-c", "write -P 0x5a 33M 100k",
                "-c", "write -z 7M 64k", "-c", "write -P 0x01 79M 1M", image.toString());
        Path converted = directory.resolve("reference.raw");
        QemuNbd.run("qemu-img", "convert", "-f", "qcow2", "-O", "raw", image.toString(), converted.toString());
        reference = Files.readAllBytes(converted);
        server = QemuNbd.unix(image, "qcow2", "-B", "b0");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void negotiatesSizeBlockSizeAndContexts() throws IOException {
        List<String> asked = List.of("base:allocation", "qemu:dirty-bitmap:b0", "qemu:dirty-bitmap:missing");
        try (NbdClient client = NbdClient.connect(server.address(), asked)) {
            assertThat(client.size()).isEqualTo(SIZE);
            assertThat(client.maxRequest()).isEqualTo(32 * MIB);
            assertThat(client.metaContexts()).containsExactlyInAnyOrder("base:allocation", "qemu:dirty-bitmap:b0");
            assertThatThrownBy(() -> client.blockStatus("qemu:dirty-bitmap:missing", 0, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'qemu:dirty-bitmap:missing' was not agreed");
        }
    }

    @Test
    void readsEqualQemuImgConvert() throws IOException {
        try (NbdClient client = NbdClient.connect(server.address(), List.of())) {
            long[][] ranges = {{0, 4096}, {MIB - 3, 64 * 1024 + 7}, {3 * MIB + 1, 1}, {7 * MIB, 2 * MIB},
                    {29 * MIB + 11, 40 * MIB + 5}, {SIZE - 17, 17}, {0, SIZE}};
            for (long[] range : ranges) {
                for (boolean direct : new boolean[] {false, true}) {
                    ByteBuffer target = direct ? ByteBuffer.allocateDirect((int) range[1]) : ByteBuffer.allocate((int) range[1]);
                    client.read(range[0], target);
                    assertThat(target.hasRemaining()).isFalse();
                    assertSame(target.flip(), range[0]);
                }
            }
        }
    }

    @Test
    void readsFromFourThreadsAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (NbdClient client = NbdClient.connect(server.address(), List.of())) {
            List<Future<?>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                Random random = new Random(thread);
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        long offset = (long) (random.nextDouble() * (SIZE - 1));
                        int length = (int) Math.min(SIZE - offset, 1 + random.nextInt((int) (3 * MIB)));
                        ByteBuffer target = ByteBuffer.allocate(length);
                        client.read(offset, target);
                        assertSame(target.flip(), offset);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void allocationAndDirtyExtentsEqualNbdinfo() throws Exception {
        try (NbdClient client = NbdClient.connect(server.address(), CONTEXTS)) {
            assertThat(client.blockStatus("base:allocation", 0, SIZE))
                    .isEqualTo(nbdinfoMap(server.uri(), "base:allocation"));
            assertThat(client.blockStatus("qemu:dirty-bitmap:b0", 0, SIZE))
                    .isEqualTo(nbdinfoMap(server.uri(), "qemu:dirty-bitmap:b0"))
                    .contains(new NbdExtent(3 * MIB, 128 * 1024, NbdExtent.DIRTY));
            List<NbdExtent> middle = client.blockStatus("qemu:dirty-bitmap:b0", 3 * MIB + 5, 100);
            assertThat(middle).containsExactly(new NbdExtent(3 * MIB + 5, 100, NbdExtent.DIRTY));
        }
    }

    @Test
    void blockStatusLoopsOverAnExportLargerThan4GiB() throws Exception {
        Path big = directory.resolve("big.qcow2");
        long bigSize = 6L << 30;
        QemuNbd.run("qemu-img", "create", "-q", "-f", "qcow2", big.toString(), Long.toString(bigSize));
        QemuNbd.run("qemu-img", "bitmap", "--add", "--enable", big.toString(), "b0");
        QemuNbd.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 1M 64k", "-c", "write -P 0x22 4G 64k",
                "-c", "write -P 0x33 5G 1M", "-c", "write -P 0x44 6143M 1M", big.toString());
        try (QemuNbd bigServer = QemuNbd.unix(big, "qcow2", "-B", "b0");
             NbdClient client = NbdClient.connect(bigServer.address(), CONTEXTS)) {
            List<NbdExtent> allocation = client.blockStatus("base:allocation", 0, bigSize);
            assertThat(allocation).isEqualTo(nbdinfoMap(bigServer.uri(), "base:allocation"));
            assertThat(allocation.get(allocation.size() - 1).end()).isEqualTo(bigSize);
            List<NbdExtent> dirty = client.blockStatus("qemu:dirty-bitmap:b0", 0, bigSize);
            assertThat(dirty).isEqualTo(nbdinfoMap(bigServer.uri(), "qemu:dirty-bitmap:b0"));
            assertThat(dirty.stream().filter(extent -> extent.flags() == NbdExtent.DIRTY).toList()).containsExactly(
                    new NbdExtent(MIB, 64 * 1024, 1), new NbdExtent(4L << 30, 64 * 1024, 1),
                    new NbdExtent(5L << 30, MIB, 1), new NbdExtent(6143 * MIB, MIB, 1));
        }
    }

    @Test
    void unknownExportIsRefusedByName() {
        assertThatThrownBy(() -> NbdClient.connect(server.address("no-such-disk"), List.of()))
                .isInstanceOf(NbdException.class)
                .hasMessageContaining("'no-such-disk'")
                .hasMessageContaining("NBD_REP_ERR_UNKNOWN");
    }

    @Test
    void aServerKilledMidReadFailsTheReadWithinSeconds() throws Exception {
        Path raw = directory.resolve("victim.raw");
        byte[] data = new byte[(int) (64 * MIB)];
        new Random(7).nextBytes(data);
        Files.write(raw, data);
        QemuNbd victim = QemuNbd.unix(raw, "raw");
        NbdClient client = NbdClient.connect(victim.address(), List.of(), Duration.ofSeconds(5));
        try {
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    victim.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            killer.start();
            long started = System.nanoTime();
            assertThatThrownBy(() -> {
                ByteBuffer target = ByteBuffer.allocateDirect(data.length);
                while (true) {
                    client.read(0, target.clear());
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("NBD export ''").hasMessageContaining("NBD_CMD_READ");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
            killer.join();
            assertThatThrownBy(() -> client.read(0, ByteBuffer.allocate(1))).hasMessageContaining("connection lost");
        } finally {
            client.close();
            victim.close();
        }
    }

    @Test
    void readsOverTcp() throws Exception {
        try (QemuNbd tcp = QemuNbd.tcp(image, "qcow2");
             NbdClient client = NbdClient.connect(NbdAddress.parse(tcp.uri()), List.of("base:allocation"))) {
            assertThat(tcp.uri()).startsWith("nbd://127.0.0.1:");
            ByteBuffer target = ByteBuffer.allocate((int) SIZE);
            client.read(0, target);
            assertSame(target.flip(), 0);
            assertThat(client.blockStatus("base:allocation", 0, SIZE)).isEqualTo(nbdinfoMap(tcp.uri(), "base:allocation"));
        }
    }

    private static void assertSame(ByteBuffer actual, long offset) {
        ByteBuffer expected = ByteBuffer.wrap(reference, (int) offset, actual.remaining());
        if (!actual.equals(expected)) {
            int at = actual.mismatch(expected);
            throw new AssertionError("read at offset " + offset + " length " + actual.remaining()
                    + " differs from qemu-img convert at byte " + (offset + at));
        }
    }

    /** {@code nbdinfo --map=CONTEXT --json URI}, adjacent extents with equal flags merged as the client does. */
    static List<NbdExtent> nbdinfoMap(String uri, String context) throws Exception {
        JsonNode map = new ObjectMapper().readTree(QemuNbd.run("nbdinfo", "--map=" + context, "--json", uri));
        List<NbdExtent> extents = new ArrayList<>();
        for (JsonNode entry : map) {
            NbdExtent extent = new NbdExtent(entry.get("offset").asLong(), entry.get("length").asLong(),
                    entry.get("type").asInt());
            int last = extents.size() - 1;
            if (last >= 0 && extents.get(last).flags() == extent.flags() && extents.get(last).end() == extent.offset()) {
                NbdExtent previous = extents.remove(last);
                extent = new NbdExtent(previous.offset(), extent.end() - previous.offset(), extent.flags());
            }
            extents.add(extent);
        }
        return extents;
    }
}
