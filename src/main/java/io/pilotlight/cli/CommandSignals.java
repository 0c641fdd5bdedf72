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
 */
final class CommandSignals {
    /** How long a command may take to unwind after a signal before the process halts. */
    static final Duration GRACE = Duration.ofSeconds(10);

    /** How often the command's thread is interrupted again until it ends. */
    private static final Duration REPEAT = Duration.ofMillis(500);
    private static volatile boolean stopRequested;

    private final Thread worker;
    private final PrintStream err;
    private volatile String received;

    private CommandSignals(Thread worker, PrintStream err) {
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
        return signals;
    }

    /** Whether a signal asked the running command to stop (a long-running loop checks it between rounds). */
    static boolean stopRequested() {
        return stopRequested;
    }

    /** The signal that stopped the command, if one did. */
    Optional<String> received() {
        return Optional.ofNullable(received);
    }

    private synchronized void received(String signal) {
        if (received != null) {
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
                    worker.interrupt(); // again, should a library have swallowed the first interrupt
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
