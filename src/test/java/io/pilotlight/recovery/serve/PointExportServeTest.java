package io.pilotlight.recovery.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.nbd.NbdClient;
import io.pilotlight.nbd.NbdException;
import io.pilotlight.nbd.NbdExtent;
import io.pilotlight.nbd.NbdServer;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Repository;
import io.pilotlight.testing.ExternalCommand;
import io.pilotlight.testing.SampleRepository;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s export read by real NBD clients (nbdinfo, nbdcopy, qemu-img) and by our own client. */
@Slow
class PointExportServeTest {
    @TempDir
    Path dir;
    SampleRepository sample;
    Path reference;

    @BeforeEach
    void setUp() throws IOException {
        sample = new SampleRepository(dir.resolve("sample"));
        reference = sample.restoreLatest(dir.resolve("reference.raw"));
    }

    private NbdServer serve(Repository repository, String point) throws IOException {
        PointExport export = new PointExport(repository, repository.manifest("d1", point),
                PointExport.DEFAULT_CHUNK_CACHE_BYTES);
        NbdAddress address = new NbdAddress(Optional.of(dir.resolve("nbd.sock")), Optional.empty(), 0, "d1");
        return NbdServer.start(address, export, 8);
    }

    @Test
    void realClientsReadThePointByteForByte() throws Exception {
        try (NbdServer server = serve(sample.repository, "latest")) {
            String uri = server.address().uri();
            String json = ExternalCommand.run("nbdinfo", "--json", uri);
            assertThat(json).contains("\"export-size\": " + SampleRepository.SIZE);
            Path copied = dir.resolve("nbdcopy.raw");
            ExternalCommand.run("nbdcopy", uri, copied.toString());
            assertThat(Files.mismatch(copied, reference)).isEqualTo(-1);
            Path converted = dir.resolve("qemu.raw");
            ExternalCommand.run("qemu-img", "convert", "-f", "raw", "-O", "raw", uri, converted.toString());
            assertThat(Files.mismatch(converted, reference)).isEqualTo(-1);
        }
    }

    @Test
    void nbdinfoMapShowsTheHoles() throws Exception {
        try (NbdServer server = serve(sample.repository, "latest")) {
            String map = ExternalCommand.run("nbdinfo", "--map", server.address().uri());
            List<String> data = new ArrayList<>();
            for (String line : map.strip().split("\n")) {
                String[] fields = line.strip().split("\\s+");
                if (fields[2].equals("0")) {
                    data.add(fields[0] + "+" + fields[1]);
                }
            }
            // random data at 0 (1 MiB), 5 MiB and 40 MiB (512 KiB each), 20 MiB (192 KiB) in the second point
            assertThat(data).containsExactly("0+1048576", "5242880+524288", "20971520+196608", "41943040+524288");
            assertThat(map).contains("hole,zero");
        }
    }

    @Test
    void ourClientReadsThePointAndItsAllocation() throws Exception {
        long started = System.nanoTime();
        Repository repository = sample.reopen();
        try (NbdServer server = serve(repository, "latest");
                NbdClient client = NbdClient.connect(server.address(), List.of("base:allocation"))) {
            ByteBuffer first = ByteBuffer.allocate(4096);
            client.read(0, first);
            long rtoMicros = (System.nanoTime() - started) / 1000;
            System.out.printf("RTO: repository open + serve start to first 4 KiB read over NBD: %.1f ms%n",
                    rtoMicros / 1000.0);
            ByteBuffer all = ByteBuffer.allocate((int) client.size());
            client.read(0, all);
            assertThat(all.array()).isEqualTo(Files.readAllBytes(reference));
            List<NbdExtent> extents = client.blockStatus("base:allocation", 0, client.size());
            assertThat(extents.get(0)).isEqualTo(new NbdExtent(0, 1 << 20, 0));
            assertThat(extents.get(1).flags()).isEqualTo(NbdExtent.ALLOCATION_HOLE | NbdExtent.ALLOCATION_ZERO);
        }
    }

    @Test
    void aCorruptChunkIsEioForItsRangeNotWrongData() throws Exception {
        SampleRepository.flipByte(sample.file(sample.firstPacks.get(0)), 1000);
        try (NbdServer server = serve(sample.reopen(), sample.first.id());
                NbdClient client = NbdClient.connect(server.address(), List.of("base:allocation"))) {
            assertThatThrownBy(() -> client.read(0, ByteBuffer.allocate(65536)))
                    .isInstanceOf(NbdException.class)
                    .hasMessageContaining("EIO")
                    .satisfies(e -> assertThat(((NbdException) e).error()).isEqualTo(5));
            ByteBuffer hole = ByteBuffer.allocate(65536);
            client.read(2L << 20, hole);
            assertThat(hole.array()).isEqualTo(new byte[65536]);
        }
    }

    @Test
    void writesAreRefused() throws Exception {
        try (NbdServer server = serve(sample.repository, "latest")) {
            Path source = dir.resolve("small.raw");
            Files.write(source, new byte[4096]);
            Process process = new ProcessBuilder("nbdcopy", source.toString(), server.address().uri())
                    .redirectErrorStream(true).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isNotZero();
        }
    }
}
