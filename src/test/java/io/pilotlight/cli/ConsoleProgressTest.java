package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    private static final long MIB = 1 << 20;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final StringWriter err = new StringWriter();

    @Test
    void lineShowsPhaseBytesRateAndEta() {
        assertThat(ProgressLine.render("replicate", 50 * MIB, 100 * MIB, 2 * SECOND))
                .isEqualTo("replicate  50.0 MiB / 100.0 MiB  50%  25.0 MiB/s  ETA 0:02");
        assertThat(ProgressLine.render("restore", 0, 1L << 30, 0))
                .isEqualTo("restore  0 B / 1.0 GiB  0%  0 B/s  ETA -:--");
        assertThat(ProgressLine.render("verify", 3 * MIB, -1, SECOND)).isEqualTo("verify  3.0 MiB  3.0 MiB/s");
    }

    @Test
    void liveRedrawsAtMostFourTimesASecond() {
        ConsoleProgress progress = progress(ConsoleProgress.Mode.LIVE);

        progress.phase("replicate", 100 * MIB);
        clock.addAndGet(SECOND);
        progress.advance(10 * MIB);
        clock.addAndGet(SECOND / 10);
        progress.advance(10 * MIB); // too soon: no redraw
        clock.addAndGet(SECOND);
        progress.advance(10 * MIB);
        progress.close();

        List<String> frames = frames();
        assertThat(frames).containsExactly(
                "replicate  0 B / 100.0 MiB  0%  0 B/s  ETA -:--",
                "replicate  10.0 MiB / 100.0 MiB  10%  10.0 MiB/s  ETA 0:09",
                "replicate  30.0 MiB / 100.0 MiB  30%  14.3 MiB/s  ETA 0:05",
                "replicate  30.0 MiB / 100.0 MiB  30%  14.3 MiB/s  ETA 0:05");
        assertThat(err.toString()).endsWith("\u001b[K\n");
    }

    @Test
    void warningsStartOnTheirOwnLine() {
        ConsoleProgress progress = progress(ConsoleProgress.Mode.LIVE);
        progress.phase("replicate", 10);
        progress.warn("dirty bitmap missing: full pass");

        assertThat(err.toString()).contains("\u001b[K\nwarning: dirty bitmap missing: full pass\n");
    }

    @Test
    void phasesModePrintsOneLinePerPhase() {
        ConsoleProgress progress = progress(ConsoleProgress.Mode.PHASES);
        progress.phase("read", 2 * MIB);
        progress.advance(MIB);
        progress.phase("commit", -1);
        progress.close();

        assertThat(err.toString()).isEqualTo("read (2.0 MiB)\ncommit\n");
    }

    /** Redirected stderr (a log, cron, a journal) without -v: no progress, but warnings still (CBT fell back…). */
    @Test
    void withoutATerminalWarningsAreStillPrinted() {
        ConsoleProgress progress = progress(ConsoleProgress.mode(false, false, false));
        progress.phase("read", 2);
        progress.advance(1);
        progress.warn("change tracking lost: full pass");
        progress.close();

        assertThat(err.toString()).isEqualTo("warning: change tracking lost: full pass\n");
    }

    @Test
    void silentModePrintsNothing() {
        ConsoleProgress progress = progress(ConsoleProgress.Mode.SILENT);
        progress.phase("read", 2);
        progress.advance(1);
        progress.warn("x");
        progress.close();

        assertThat(err.toString()).isEmpty();
        assertThat(ConsoleProgress.mode(false, false, false)).isEqualTo(ConsoleProgress.Mode.WARNINGS);
        assertThat(ConsoleProgress.mode(true, true, true)).isEqualTo(ConsoleProgress.Mode.SILENT);
        assertThat(ConsoleProgress.mode(true, false, false)).isEqualTo(ConsoleProgress.Mode.LIVE);
        assertThat(ConsoleProgress.mode(false, false, true)).isEqualTo(ConsoleProgress.Mode.PHASES);
    }

    @Test
    void advanceFromManyThreadsCountsEveryByte() throws InterruptedException {
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(err), ConsoleProgress.Mode.LIVE, System::nanoTime);
        progress.phase("replicate", 8L * 10_000);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    progress.advance(1);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        progress.close();

        List<String> frames = frames();
        assertThat(frames.get(frames.size() - 1)).startsWith("replicate  78.1 KiB / 78.1 KiB  100%");
    }

    private ConsoleProgress progress(ConsoleProgress.Mode mode) {
        return new ConsoleProgress(new PrintWriter(err), mode, clock::get);
    }

    private List<String> frames() {
        List<String> frames = new ArrayList<>();
        for (String part : err.toString().split("\r")) {
            if (!part.isEmpty()) {
                frames.add(part.replace("\u001b[K", "").replace("\n", ""));
            }
        }
        return frames;
    }
}
