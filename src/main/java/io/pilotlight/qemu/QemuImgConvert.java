package io.pilotlight.qemu;

import static java.util.Objects.requireNonNull;

import io.pilotlight.exec.Command;
import io.pilotlight.exec.ProcessRunner;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of {@code qemu-img convert -p -f raw -O FORMAT SOURCE FILE} through {@link ProcessRunner}: its
 * percentages go to a listener, a failure ends with the last line of its stderr, and an interrupt kills it.
 */
public final class QemuImgConvert {
    private static final Pattern PERCENT = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");

    private final String program;
    private final String install;

    /**
     * {@code program}: a name looked up on PATH, or a path; {@code install}: what to tell the user when it
     * is missing (how to install it, or how to name another).
     */
    public QemuImgConvert(String program, String install) {
        this.program = requireNonNull(program, "program is null");
        this.install = requireNonNull(install, "install is null");
    }

    /** Converts the raw image at {@code sourceUri} to {@code format} in {@code output}; {@code percent} hears 0..100. */
    public void run(String sourceUri, String format, Path output, DoubleConsumer percent) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("convert", "-p", "-f", "raw", "-O", format));
        arguments.add(sourceUri);
        arguments.add(output.toString());
        Command command = Command.of(program, arguments).withInstall(install)
                .withLabel(program + " convert to " + format);
        ProcessRunner.run(command, stdout -> {
            readProgress(stdout, percent);
            return null;
        });
    }

    /** Reads {@code (12.50/100%)} updates, separated by carriage returns, until qemu-img closes stdout. */
    private static void readProgress(InputStream out, DoubleConsumer percent) throws IOException {
        StringBuilder line = new StringBuilder();
        InputStream buffered = new BufferedInputStream(out);
        int c;
        while ((c = buffered.read()) >= 0) {
            if (c != '\r' && c != '\n') {
                line.append((char) c);
                continue;
            }
            Matcher matcher = PERCENT.matcher(line);
            if (matcher.find()) {
                percent.accept(Double.parseDouble(matcher.group(1)));
            }
            line.setLength(0);
        }
    }
}
