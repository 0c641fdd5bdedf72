package io.pilotlight.recovery.export;

import io.pilotlight.progress.ProgressListener;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of {@code qemu-img convert -p -f raw -O FORMAT URI FILE}: its percentages become progress,
 * the last lines of its stderr are kept for the error, and an interrupt kills it.
 */
final class QemuImgConvert {
    private static final Pattern PERCENT = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");
    private static final int KEPT_LINES = 5;

    private final String program;
    private final ProgressListener progress;
    private final long size;

    QemuImgConvert(String program, ProgressListener progress, long size) {
        this.program = program;
        this.progress = progress;
        this.size = size;
    }

    void run(String sourceUri, ImageFormat format, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of(program, "convert", "-p", "-f", "raw"));
        command.addAll(format.qemuArguments());
        command.add(sourceUri);
        command.add(output.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new ExternalToolException(ExternalToolException.Kind.MISSING, "cannot run " + program + " ("
                    + e.getMessage() + "); export needs qemu-img: install qemu-utils (Debian/Ubuntu: apt-get install"
                    + " qemu-utils; Fedora/RHEL: dnf install qemu-img) or name it with --qemu-img PATH");
        }
        Deque<String> errors = new ArrayDeque<>();
        Thread errorReader = new Thread(() -> keepLastLines(process.getErrorStream(), errors), "qemu-img stderr");
        errorReader.setDaemon(true);
        errorReader.start();
        try {
            readProgress(process.getInputStream());
            int exit = process.waitFor();
            errorReader.join(5000);
            if (exit != 0) {
                String last;
                synchronized (errors) {
                    last = errors.isEmpty() ? "(no message)" : errors.peekLast();
                }
                throw new ExternalToolException(ExternalToolException.Kind.FAILED, program + " convert to "
                        + format.qemuName() + " failed with exit code " + exit + ": " + last);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("export interrupted; qemu-img stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    /** Reads {@code (12.50/100%)} updates, separated by carriage returns, until qemu-img closes stdout. */
    private void readProgress(InputStream out) throws IOException {
        StringBuilder line = new StringBuilder();
        long reported = 0;
        int c;
        InputStream buffered = new BufferedInputStream(out);
        while ((c = buffered.read()) >= 0) {
            if (c != '\r' && c != '\n') {
                line.append((char) c);
                continue;
            }
            Matcher matcher = PERCENT.matcher(line);
            if (matcher.find()) {
                long done = (long) (Double.parseDouble(matcher.group(1)) / 100 * size);
                if (done > reported) {
                    progress.advance(done - reported);
                    reported = done;
                }
            }
            line.setLength(0);
        }
    }

    private static void keepLastLines(InputStream err, Deque<String> lines) {
        try {
            for (String line : new String(err.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    synchronized (lines) {
                        lines.addLast(line.strip());
                        if (lines.size() > KEPT_LINES) {
                            lines.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // qemu-img went away; its exit code tells the rest
        }
    }
}
