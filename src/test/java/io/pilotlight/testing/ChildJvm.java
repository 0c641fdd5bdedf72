package io.pilotlight.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a test main class in a child JVM with the test's class path and a heap limit. */
public final class ChildJvm {
    /**
     * Whether {@code env --default-signal} exists (GNU coreutils 8.31 and later): a JVM whose SIGINT was
     * ignored when it started (a background job of a non-interactive shell, and all its children: a
     * build run with {@code &}) keeps ignoring it, so the child starts through {@code env} with SIGINT
     * at its default; {@code env} execs java, so the child's pid is java's.
     */
    private static final boolean RESET_SIGINT = resetsSignals();

    private ChildJvm() {}

    /** Starts {@code mainClass} with {@code -Xmx<heap>}; stderr goes to {@code log}. */
    public static Process start(String heap, Class<?> mainClass, Path log, String... args) throws IOException {
        return start(List.of(), heap, mainClass, log, args);
    }

    /** As {@link #start(String, Class, Path, String...)}, with more JVM options (e.g. {@code -Djava.io.tmpdir=…}). */
    public static Process start(List<String> jvmOptions, String heap, Class<?> mainClass, Path log, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(RESET_SIGINT ? List.of("env", "--default-signal=INT") : List.of());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Xmx" + heap, "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Waits for the child; returns its stdout, or fails naming the exit code and the log. */
    public static String finish(Process process, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("child " + process.pid() + " did not finish in " + timeoutSeconds + " s; log "
                    + log);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0) {
            throw new AssertionError("child " + process.pid() + " exited " + process.exitValue() + "; stdout '" + out
                    + "'; stderr in " + log + ":\n" + java.nio.file.Files.readString(log));
        }
        return out;
    }

    private static boolean resetsSignals() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
