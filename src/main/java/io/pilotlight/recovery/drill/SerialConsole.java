package io.pilotlight.recovery.drill;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The guest's serial console as QEMU writes it to a file ({@code -serial file:PATH}), read as it
 * grows. Lines are cleaned: carriage returns, ANSI escape sequences and other control characters go.
 * Keeps the last lines for the result. Not thread-safe.
 */
public final class SerialConsole {
    private static final Pattern ESCAPES = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[@-_]|[\\x00-\\x08\\x0B-\\x1F\\x7F]");

    private final Path log;
    private final int keep;
    private final Deque<String> tail = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private long position;

    public SerialConsole(Path log, int keep) {
        this.log = log;
        this.keep = keep;
    }

    public Path log() {
        return log;
    }

    /** Reads what was added since the last call; returns the first new complete line matching {@code pattern}. */
    public Optional<String> poll(Pattern pattern) throws IOException {
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        byte[] added;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            added = new byte[(int) Math.min(length - position, 1 << 20)];
            file.seek(position);
            file.readFully(added);
            position += added.length;
        }
        partial.append(new String(added, ISO_8859_1));
        Optional<String> found = Optional.empty();
        for (int newline = partial.indexOf("\n"); newline >= 0; newline = partial.indexOf("\n")) {
            String line = clean(partial.substring(0, newline));
            partial.delete(0, newline + 1);
            remember(line);
            if (found.isEmpty() && pattern.matcher(line).find()) {
                found = Optional.of(line);
            }
        }
        return found;
    }

    /** The last lines seen, oldest first, with an unfinished last line too. */
    public List<String> tail() {
        List<String> lines = new ArrayList<>(tail);
        String rest = clean(partial.toString());
        if (!rest.isBlank()) {
            lines.add(rest);
        }
        return lines.subList(Math.max(0, lines.size() - keep), lines.size());
    }

    public static String clean(String line) {
        return ESCAPES.matcher(line).replaceAll("").strip();
    }

    private void remember(String line) {
        if (line.isEmpty() || keep == 0) {
            return;
        }
        tail.addLast(line);
        while (tail.size() > keep) {
            tail.removeFirst();
        }
    }
}
