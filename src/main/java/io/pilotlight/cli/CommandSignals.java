package io.pilotlight.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM of a command, handled alike: the command's thread is interrupted, so it
 * unwinds as from any failure (leases and locks released, temp files removed) and the process
 * exits {@link ExitCodes#INTERRUPTED}. If it has not ended within {@link #GRACE}, or a second
 * signal comes, the process halts with 130 at once. The JVM's own handlers would exit at once
 * (143 for SIGTERM) without unwinding. {@code daemon} replaces these with its own (DaemonSignals).
 * A command whose work is done and stands (a restore's target renamed into place) says so with
 * {@link #completed()}: a signal that came too late to stop it, or comes after, then neither
 * interrupts it nor makes the exit 130; it is named on stderr instead.
 */
final class CommandSignals {
    /** How long a command may take to unwind after a signal before the process halts. */
    static final Duration GRACE = Duration.ofSeconds(10);

    /** How often the command's thread is interrupted again until it ends. */
    private static final Duration REPEAT = Duration.ofMillis(500);
    private static volatile boolean stopRequested;
    private static volatile CommandSignals installed;

    private final Thread worker;
    private final PrintStream err;
    private volatile String received;
    private volatile boolean completed;
    private boolean late;

    CommandSignals(Thread worker, PrintStream err) {
        this.worker = worker;
        this.err = err;
    }

    /** Handles SIGINT and SIGTERM for a command running on {@code worker}. */
    static CommandSignals install(Thread worker, PrintStream err) {
        CommandSignals signals = new CommandSignals(worker, err);
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> signals.received("SIG" + signal.getName()));
            } catch (IllegalArgumentException e) {
                // the signal is ignored (a background job of a shell without job control): nothing to handle
            }
        }
        installed = signals;
        return signals;
    }

    /** The running command's work is done and stands: see the class comment. A no-op where none is installed. */
    static void completed() {
        CommandSignals signals = installed;
        if (signals != null) {
            signals.complete();
        }
    }

    /** Called on the command's thread: clears an interrupt a signal left, and no more come. */
    synchronized void complete() {
        completed = true;
        if (received != null) {
            Thread.interrupted();
            err.println("pilotlight: the command had completed its work when " + received + " came; its result"
                    + " stands");
            err.flush();
        }
    }

    /** Whether a signal asked the running command to stop (a long-running loop checks it between rounds). */
    static boolean stopRequested() {
        return stopRequested;
    }

    /** The signal that stopped the command, if one did. */
    Optional<String> received() {
        return completed ? Optional.empty() : Optional.ofNullable(received);
    }

    synchronized void received(String signal) {
        if (completed && !late) {
            late = true;
            err.println("pilotlight: " + signal + " after the command completed its work: its result stands");
            err.flush();
            return;
        }
        if (received != null || late) {
            err.println("pilotlight: " + signal + " again: exiting at once");
            err.flush();
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        }
        received = signal;
        stopRequested = true;
        err.println("pilotlight: " + signal + ": stopping (releasing locks and leases, removing temp files)");
        err.flush();
        worker.interrupt();
        Thread watchdog = new Thread(() -> {
            long deadline = System.nanoTime() + GRACE.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    worker.join(REPEAT.toMillis()); // waits for the command's thread, not a policy sleep
                    if (!worker.isAlive()) {
                        return; // main exits with 130 itself
                    }
                    synchronized (this) {
                        if (completed) {
                            return; // the command's work stands: it ends by itself
                        }
                        worker.interrupt(); // again, should a library have swallowed the first interrupt
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            err.println("pilotlight: did not stop within " + GRACE.toSeconds() + " s of " + signal
                    + "; exiting anyway");
            err.flush();
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        }, "pilotlight-signal-grace");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
