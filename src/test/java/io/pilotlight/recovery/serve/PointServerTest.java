package io.pilotlight.recovery.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.testing.ExternalCommand;
import io.pilotlight.testing.SampleRepository;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PointServer}: serving until stopped or interrupted, and the overlay's writes kept on stop. */
class PointServerTest {
    @TempDir
    Path dir;

    private PointServer.Request request(SampleRepository sample, Optional<Path> overlay) {
        return new PointServer.Request("d1", sample.second.id(), new NbdAddress(Optional.of(dir.resolve("nbd.sock")),
                Optional.empty(), 0, "d1"), 8 << 20, overlay, 4);
    }

    @Test
    void aWritableServerKeepsItsWritesWhenItsThreadIsInterruptedAndRemovesItsHook() throws Exception {
        SampleRepository sample = new SampleRepository(dir.resolve("sample"));
        Path overlay = dir.resolve("vm.overlay");
        PointServer[] started = new PointServer[1];
        Throwable[] failure = new Throwable[1];
        boolean[] interruptedAfter = new boolean[1];
        Thread serving = new Thread(() -> {
            try (PointServer server = PointServer.start(sample.repository, request(sample, Optional.of(overlay)))) {
                synchronized (started) {
                    started[0] = server;
                    started.notifyAll();
                }
                server.awaitStop();
            } catch (Throwable e) {
                failure[0] = e;
            }
            interruptedAfter[0] = Thread.currentThread().isInterrupted();
        });
        serving.start();
        PointServer server;
        synchronized (started) {
            while (started[0] == null && serving.isAlive()) {
                started.wait(100);
            }
            server = started[0];
        }
        assertThat(server).as("started: %s", failure[0]).isNotNull();
        assertThat(server.writable()).isTrue();
        assertThat(server.blocksWrittenBefore()).isZero();
        ExternalCommand.run("qemu-io", "-f", "raw", "-c", "write -P 0x5a 8192 4096", server.address().uri());

        serving.interrupt();
        serving.join(10_000);
        assertThat(serving.isAlive()).isFalse();
        assertThat(failure[0]).isNull();
        assertThat(interruptedAfter[0]).as("the interrupt is kept for the caller").isTrue();
        assertThat(dir.resolve("nbd.sock")).doesNotExist();
        assertThat(Runtime.getRuntime().removeShutdownHook(server.shutdownHook())).as("hook removed on close").isFalse();

        try (PointServer again = PointServer.start(sample.reopen(), request(sample, Optional.of(overlay)))) {
            assertThat(again.blocksWrittenBefore()).isEqualTo(1);
            again.close();
            again.close(); // once only
        }
        try (OverlayExport export = OverlayExport.open(overlay, new PointExport(sample.repository,
                sample.repository.manifest("d1", sample.second.id()), 1 << 20), sample.repository.config().id(), "d1",
                sample.second.id())) {
            ByteBuffer block = ByteBuffer.allocate(4096);
            export.read(8192, block);
            assertThat(block.array()).containsOnly((byte) 0x5a);
        }
    }

    @Test
    void aReadOnlyServerStopsWhenClosedFromAnotherThread() throws Exception {
        SampleRepository sample = new SampleRepository(dir.resolve("sample"));
        try (PointServer server = PointServer.start(sample.repository, request(sample, Optional.empty()))) {
            assertThat(server.writable()).isFalse();
            assertThat(server.manifest().id()).isEqualTo(sample.second.id());
            Thread stopper = new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            stopper.start();
            server.awaitStop();
            stopper.join(10_000);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(Files.exists(dir.resolve("nbd.sock"))).isFalse();
        }
    }
}
