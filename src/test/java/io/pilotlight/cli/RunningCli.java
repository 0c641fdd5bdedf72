package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * The command line run as {@code main} would, on a thread of its own, its stdout and stderr
 * readable while it runs; a long-running command ({@code follow --watch}, {@code serve}) is
 * stopped by interrupting that thread.
 */
final class RunningCli {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Thread thread;
    private volatile Integer exitCode;

    private RunningCli(String... args) {
        CommandLine commandLine = PilotlightCommand.commandLine(Map.of(), false, args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        thread = new Thread(() -> exitCode = commandLine.execute(args), "cli " + String.join(" ", args));
    }

    static RunningCli start(String... args) {
        RunningCli running = new RunningCli(args);
        running.thread.start();
        return running;
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    /** Waits until stderr contains {@code text}; fails if the command ends first or after 60 s. */
    RunningCli awaitErr(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!err().contains(text)) {
            assertThat(thread.isAlive()).as("the command ended before writing '%s'; stderr:%n%s", text, err()).isTrue();
            assertThat(System.nanoTime()).as("'%s' on stderr within 60 s; stderr:%n%s", text, err()).isLessThan(deadline);
            Thread.sleep(5);
        }
        return this;
    }

    /** Interrupts the command's thread, waits for it to end, and returns what it wrote and its exit code. */
    CliRun interrupt() throws InterruptedException {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(thread.isAlive()).as("the command ended when interrupted; stderr:%n%s", err()).isFalse();
        return new CliRun(exitCode, out(), err());
    }

    /** Waits up to {@code seconds} for the command to end by itself; interrupts it if it did not. */
    CliRun awaitEnd(long seconds) throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(seconds));
        if (thread.isAlive()) {
            CliRun stopped = interrupt();
            throw new AssertionError("the command did not end within " + seconds + " s; stderr:\n" + stopped.err());
        }
        return new CliRun(exitCode, out(), err());
    }
}
