package io.pilotlight.recovery.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.nbd.NbdExport;
import io.pilotlight.nbd.NbdExtent;
import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.Slow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a process writing and flushing an overlay at random moments: reopened, the overlay
 * holds every block of every flush that returned (and blocks never written read as the point),
 * whatever the last unflushed writes left; appending after the crash goes on.
 */
@Slow
class OverlayCrashTest {
    private static final int SIZE = 32 << 20;
    private static final int WRITES_PER_ROUND = 20;

    @TempDir
    Path dir;

    @Test
    void everyFlushedBlockSurvivesAKill() throws Exception {
        Random random = new Random(17);
        for (int run = 0; run < 10; run++) {
            Path overlay = dir.resolve("vm-" + run + ".overlay");
            Path log = dir.resolve("child-" + run + ".log");
            Process child = ChildJvm.start("128m", Writer.class, log, overlay.toString(), Long.toString(run));
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int wanted = 1 + random.nextInt(30);
            int flushed = 0;
            String line;
            while (flushed < wanted && (line = out.readLine()) != null) {
                flushed = Integer.parseInt(line.trim());
            }
            assertThat(flushed).as("flushes before the kill (log %s)", log).isEqualTo(wanted);
            Thread.sleep(random.nextInt(40));
            child.toHandle().destroyForcibly(); // SIGKILL; Process.destroyForcibly would also close stdout
            child.waitFor();
            while ((line = out.readLine()) != null) {
                flushed = Integer.parseInt(line.trim());
            }

            byte[] expected = new byte[SIZE];
            for (int round = 1; round <= flushed; round++) {
                Writer.round(Long.toString(run), round, (offset, data) -> System.arraycopy(data, 0, expected,
                        (int) offset, data.length));
            }
            BitSet later = new BitSet(); // blocks the unflushed rounds may have touched
            for (int round = flushed + 1; round <= flushed + 2; round++) {
                Writer.round(Long.toString(run), round, (offset, data) -> later.set((int) (offset / 4096),
                        (int) ((offset + data.length - 1) / 4096) + 1));
            }
            try (OverlayExport resumed = OverlayExport.open(overlay, new Zeros(), "r", "d1", "p")) {
                assertBlocks(resumed, expected, later, run);
                ByteBuffer after = ByteBuffer.wrap(new byte[] {9, 9, 9});
                resumed.write(SIZE - 3, after);
                resumed.flush();
            }
            try (OverlayExport again = OverlayExport.open(overlay, new Zeros(), "r", "d1", "p")) {
                ByteBuffer tail = ByteBuffer.allocate(3);
                again.read(SIZE - 3, tail);
                assertThat(tail.array()).containsExactly(9, 9, 9);
            }
        }
    }

    private static void assertBlocks(OverlayExport overlay, byte[] expected, BitSet later, int run) throws IOException {
        ByteBuffer all = ByteBuffer.allocate(SIZE);
        overlay.read(0, all);
        for (int block = 0; block < SIZE / 4096; block++) {
            if (!later.get(block)) {
                int from = block * 4096;
                assertThat(java.util.Arrays.equals(all.array(), from, from + 4096, expected, from, from + 4096))
                        .as("run %d, block %d", run, block).isTrue();
            }
        }
    }

    /** A point of zeros: the overlay's base. */
    static final class Zeros implements NbdExport {
        @Override
        public long size() {
            return SIZE;
        }

        @Override
        public void read(long offset, ByteBuffer target) {
            while (target.hasRemaining()) {
                target.put((byte) 0);
            }
        }

        @Override
        public List<NbdExtent> allocation(long offset, long length) {
            return List.of(new NbdExtent(offset, length, NbdExtent.ALLOCATION_HOLE | NbdExtent.ALLOCATION_ZERO));
        }
    }

    /** The child: rounds of random writes, each followed by a flush and its number on stdout. */
    public static final class Writer {
        interface Sink {
            void write(long offset, byte[] data) throws IOException;
        }

        static void round(String seed, int round, Sink sink) throws IOException {
            Random random = new Random(seed.hashCode() * 1_000_003L + round);
            for (int i = 0; i < WRITES_PER_ROUND; i++) {
                byte[] data = new byte[1 + random.nextInt(20_000)];
                random.nextBytes(data);
                long offset = random.nextInt(SIZE - data.length);
                sink.write(offset, data);
            }
        }

        public static void main(String[] args) throws IOException {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            try (OverlayExport overlay = OverlayExport.open(Path.of(args[0]), new Zeros(), "r", "d1", "p")) {
                for (int round = 1; ; round++) {
                    round(args[1], round, (offset, data) -> overlay.write(offset, ByteBuffer.wrap(data)));
                    overlay.flush();
                    out.println(round);
                }
            }
        }
    }
}
