package io.pilotlight.cli;

import io.pilotlight.progress.ProgressListener;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Progress on stderr. On a terminal ({@link Mode#LIVE}) one line is redrawn at most four times a
 * second; with {@code -v} and no terminal ({@link Mode#PHASES}) one line per phase; with neither, warnings
 * only ({@link Mode#WARNINGS}: a log or a journal still hears that change tracking fell back); {@code -q}:
 * nothing ({@link Mode#SILENT}).
 * {@link #advance} may be called from any thread and only adds to a counter unless a redraw is due.
 */
final class ConsoleProgress implements ProgressListener, AutoCloseable {
    enum Mode { SILENT, WARNINGS, PHASES, LIVE }

    static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private record Phase(String name, long total, long startNanos, LongAdder done) {}

    private final PrintWriter err;
    private final Mode mode;
    private final LongSupplier nanoClock;
    private final AtomicLong lastDrawNanos;
    private volatile Phase current;
    private boolean lineOpen; // guarded by this

    ConsoleProgress(PrintWriter err, Mode mode, LongSupplier nanoClock) {
        this.err = err;
        this.mode = mode;
        this.nanoClock = nanoClock;
        this.lastDrawNanos = new AtomicLong(nanoClock.getAsLong() - REDRAW_NANOS);
    }

    static Mode mode(boolean terminal, boolean quiet, boolean verbose) {
        if (quiet) {
            return Mode.SILENT;
        }
        if (terminal) {
            return Mode.LIVE;
        }
        return verbose ? Mode.PHASES : Mode.WARNINGS;
    }

    @Override
    public void phase(String name, long totalBytes) {
        if (mode == Mode.SILENT || mode == Mode.WARNINGS) {
            return;
        }
        synchronized (this) {
            finishLine();
            current = new Phase(name, totalBytes, nanoClock.getAsLong(), new LongAdder());
            if (mode == Mode.PHASES) {
                err.println(totalBytes >= 0 ? name + " (" + ByteSize.format(totalBytes) + ")" : name);
                err.flush();
            } else {
                draw(current, nanoClock.getAsLong());
            }
        }
    }

    @Override
    public void advance(long bytes) {
        Phase phase = current;
        if (phase == null) {
            return;
        }
        phase.done().add(bytes);
        if (mode != Mode.LIVE) {
            return;
        }
        long now = nanoClock.getAsLong();
        long last = lastDrawNanos.get();
        if (now - last >= REDRAW_NANOS && lastDrawNanos.compareAndSet(last, now)) {
            synchronized (this) {
                if (phase == current) {
                    draw(phase, now);
                }
            }
        }
    }

    @Override
    public void warn(String message) {
        if (mode == Mode.SILENT) {
            return;
        }
        synchronized (this) {
            finishLine();
            err.println("warning: " + message);
            err.flush();
        }
    }

    /** Ends the live line (drawn once more with the final numbers) so other output starts clean. */
    @Override
    public synchronized void close() {
        finishLine();
        current = null;
    }

    private void finishLine() {
        if (lineOpen) {
            draw(current, nanoClock.getAsLong());
            err.println();
            err.flush();
            lineOpen = false;
        }
    }

    private void draw(Phase phase, long now) {
        err.print("\r" + ProgressLine.render(phase.name(), phase.done().sum(), phase.total(), now - phase.startNanos())
                + "\u001b[K");
        err.flush();
        lineOpen = true;
    }
}
