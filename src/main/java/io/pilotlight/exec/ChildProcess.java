package io.pilotlight.exec;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A started external program, from {@link ProcessRunner#start} (long-lived: a server waited on for its
 * socket) or inside {@link ProcessRunner#run}. {@link #close} stops it: SIGTERM, then SIGKILL after a
 * grace period, and waits until it is gone. An interrupt while waiting on it kills it.
 */
public final class ChildProcess implements Closeable {
    /** How long a program has to exit after SIGTERM before it is killed, and after SIGKILL before we give up. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 10;

    private final Command command;
    private final Process process;
    private final StderrTail stderr;
    private final Duration grace;

    ChildProcess(Command command, Process process, StderrTail stderr, Duration grace) {
        this.command = command;
        this.process = process;
        this.stderr = stderr;
        this.grace = grace;
    }

    public Command command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    /** The last lines of its stderr, oldest first. */
    public List<String> stderrTail() {
        return stderr.lines();
    }

    /**
     * Waits until {@code path} exists (a socket the program creates once it is ready; {@code what} names it
     * in messages). Fails with a {@link ToolFailedException} if the program exits first or {@code limit}
     * passes; an interrupt kills it.
     */
    public void awaitPath(Path path, String what, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (!Files.exists(path)) {
                if (!process.isAlive()) {
                    throw failure(OptionalInt.of(process.exitValue()), " exited (status " + process.exitValue()
                            + ") without creating " + what);
                }
                if (System.nanoTime() > deadline) {
                    throw failure(OptionalInt.empty(), " did not create " + what + " within " + describe(limit));
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(command.label() + ": interrupted while waiting for " + what
                    + "; stopped");
        }
    }

    /** {@code 15 s}, or {@code 500 ms} for a limit that is not whole seconds. */
    static String describe(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }

    /** A failure of this program: its label, {@code what} happened, and the tail of its stderr. */
    ToolFailedException failure(OptionalInt status, String what) {
        List<String> tail = stderr.lines();
        String text = tail.isEmpty() ? "(no message on stderr)" : String.join(" / ", tail);
        return new ToolFailedException(command.program(), status, tail, command.label() + what + ": " + text);
    }

    /** Kills it at once (SIGKILL) and waits a grace period for it to go; keeps an interrupt pending. */
    void kill() {
        process.destroyForcibly();
        boolean interrupted = Thread.interrupted();
        try {
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops it (SIGTERM, SIGKILL after the grace period) and waits until it is gone; nothing if it exited. */
    @Override
    public void close() throws IOException {
        try {
            process.destroy();
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            process.destroyForcibly();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(command.label() + " (pid " + process.pid() + ") did not stop within "
                        + describe(grace.multipliedBy(2)) + " of SIGTERM and SIGKILL");
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(command.label() + ": interrupted while stopping it; killed");
        }
    }
}
