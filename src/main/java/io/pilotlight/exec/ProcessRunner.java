package io.pilotlight.exec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link Command}: to completion ({@link #run}), or as a long-lived child ({@link #start}). A
 * program that cannot be started is a {@link ToolMissingException} naming it and how to install it; a
 * non-zero exit or a timeout is a {@link ToolFailedException} with the tail of its stderr; an interrupt
 * kills the program and is an {@link InterruptedIOException}.
 */
public final class ProcessRunner {
    private static final File NULL_DEVICE = new File("/dev/null");
    private static final long STDOUT_WAIT_MILLIS = 10_000;

    /** Reads a program's stdout while it runs (progress, or the whole output). */
    @FunctionalInterface
    public interface StdoutReader<T> {
        T read(InputStream stdout) throws IOException;
    }

    private ProcessRunner() {}

    /** Runs the command to completion and returns its stdout (empty if redirected to a file). */
    public static String run(Command command) throws IOException {
        return run(command, stdout -> new String(stdout.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Runs the command to completion, {@code reader} reading its stdout on another thread; returns what it read. */
    public static <T> T run(Command command, StdoutReader<T> reader) throws IOException {
        ChildProcess child = launch(command, command.stdout().isEmpty(), ChildProcess.DEFAULT_GRACE);
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<IOException> readFailure = new AtomicReference<>();
        Thread stdoutThread = new Thread(() -> {
            try (InputStream stdout = child.process().getInputStream()) {
                result.set(reader.read(stdout));
            } catch (IOException e) {
                readFailure.set(e);
            }
        }, command.program() + " stdout");
        stdoutThread.setDaemon(true);
        stdoutThread.start();
        int status = awaitExit(child);
        try {
            stdoutThread.join(STDOUT_WAIT_MILLIS);
        } catch (InterruptedException e) {
            child.kill();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(command.label() + ": interrupted; stopped");
        }
        if (status != 0) {
            throw child.failure(OptionalInt.of(status), " failed with exit code " + status);
        }
        if (stdoutThread.isAlive()) {
            throw new IOException(command.label() + ": exited, but its stdout stayed open (held by a process it"
                    + " started?)");
        }
        if (readFailure.get() != null) {
            throw new IOException(command.label() + ": reading its output failed: " + readFailure.get().getMessage(),
                    readFailure.get());
        }
        return result.get();
    }

    /** Starts the command as a long-lived child (stdout discarded unless redirected); close it to stop it. */
    public static ChildProcess start(Command command) throws IOException {
        return launch(command, false, ChildProcess.DEFAULT_GRACE);
    }

    /** As {@link #start(Command)}, with {@code grace} between SIGTERM and SIGKILL on close. */
    public static ChildProcess start(Command command, Duration grace) throws IOException {
        return launch(command, false, grace);
    }

    private static int awaitExit(ChildProcess child) throws IOException {
        Command command = child.command();
        try {
            if (command.timeout().isEmpty()) {
                return child.process().waitFor();
            }
            if (!child.process().waitFor(command.timeout().get().toMillis(), TimeUnit.MILLISECONDS)) {
                child.kill();
                throw child.failure(OptionalInt.empty(), " took longer than "
                        + ChildProcess.describe(command.timeout().get()) + "; stopped");
            }
            return child.process().exitValue();
        } catch (InterruptedException e) {
            child.kill();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(command.label() + ": interrupted; stopped");
        }
    }

    private static ChildProcess launch(Command command, boolean pipeStdout, Duration grace) throws IOException {
        List<String> line = new ArrayList<>();
        line.add(command.program());
        line.addAll(command.arguments());
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().putAll(command.environment());
        builder.redirectInput(command.stdin().map(Path::toFile).orElse(NULL_DEVICE));
        if (command.stdout().isPresent()) {
            builder.redirectOutput(command.stdout().get().toFile());
        } else if (!pipeStdout) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        if (command.stderr().isPresent() && command.stderr().equals(command.stdout())) {
            builder.redirectErrorStream(true);
        } else {
            command.stderr().ifPresent(file -> builder.redirectError(file.toFile()));
        }
        Process process = startProcess(builder, command);
        StderrTail tail = command.stderr().isPresent()
                ? StderrTail.file(command.stderr().get(), command.tailLines())
                : StderrTail.drain(process.getErrorStream(), command.tailLines(), command.program());
        return new ChildProcess(command, process, tail, grace);
    }

    private static Process startProcess(ProcessBuilder builder, Command command) throws IOException {
        try {
            return builder.start();
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!reason.startsWith("Cannot run program")) {
                throw new IOException(command.label() + ": cannot start: " + reason, e);
            }
            throw new ToolMissingException(command.program(), "cannot run " + command.program() + " (" + reason + ")"
                    + (command.install().isEmpty() ? "" : "; " + command.install()), e);
        }
    }
}
