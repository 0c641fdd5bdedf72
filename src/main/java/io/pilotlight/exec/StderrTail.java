package io.pilotlight.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last lines a program wrote to stderr: drained from its pipe by a daemon thread (keeping only the
 * last few lines, so a chatty program cannot fill memory), or read from the end of the file it wrote to.
 */
final class StderrTail {
    private static final int FILE_TAIL_BYTES = 64 * 1024;
    private static final long DRAIN_WAIT_MILLIS = 2000;

    private final int keep;
    private final Path file;
    private final Deque<String> lines = new ArrayDeque<>();
    private Thread drain;

    private StderrTail(int keep, Path file) {
        this.keep = keep;
        this.file = file;
    }

    /** Drains {@code stderr} on a daemon thread named after {@code program}. */
    static StderrTail drain(InputStream stderr, int keep, String program) {
        StderrTail tail = new StderrTail(keep, null);
        tail.drain = new Thread(() -> tail.read(stderr), program + " stderr");
        tail.drain.setDaemon(true);
        tail.drain.start();
        return tail;
    }

    /** Reads the tail of {@code file} when asked. */
    static StderrTail file(Path file, int keep) {
        return new StderrTail(keep, file);
    }

    /** The last lines, oldest first, blank ones left out; waits briefly for the pipe to reach its end. */
    List<String> lines() {
        if (file != null) {
            return fromFile();
        }
        try {
            drain.join(DRAIN_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The tail as one line for a message: lines joined by {@code " / "}, or {@code (no message)}. */
    String text() {
        List<String> last = lines();
        return last.isEmpty() ? "(no message on stderr)" : String.join(" / ", last);
    }

    private void read(InputStream stderr) {
        byte[] buffer = new byte[8192];
        StringBuilder line = new StringBuilder();
        try (stderr) {
            int count;
            while ((count = stderr.read(buffer)) >= 0) {
                for (String piece : new String(buffer, 0, count, StandardCharsets.UTF_8).split("(?<=[\r\n])")) {
                    line.append(piece);
                    if (piece.endsWith("\n") || piece.endsWith("\r")) {
                        add(line.toString());
                        line.setLength(0);
                    }
                }
            }
        } catch (IOException e) {
            // the program went away; its exit status tells the rest
        }
        add(line.toString());
    }

    private void add(String line) {
        if (line.isBlank()) {
            return;
        }
        synchronized (lines) {
            lines.addLast(line.strip());
            while (lines.size() > keep) {
                lines.removeFirst();
            }
        }
    }

    private List<String> fromFile() {
        try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, reader.length() - FILE_TAIL_BYTES);
            byte[] bytes = new byte[(int) (reader.length() - start)];
            reader.seek(start);
            reader.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank())
                    .map(String::strip).toList();
            return List.copyOf(all.subList(Math.max(0, all.size() - keep), all.size()));
        } catch (IOException e) {
            return Files.exists(file) ? List.of("(" + file + " unreadable: " + e.getMessage() + ")") : List.of();
        }
    }
}
