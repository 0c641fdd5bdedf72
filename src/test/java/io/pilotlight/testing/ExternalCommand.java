package io.pilotlight.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a real tool (qemu-img, nbdcopy, nbdinfo, qemu-io) for a test; fails the test unless it exits 0. */
public final class ExternalCommand {
    private ExternalCommand() {}

    /** Runs {@code command} (bounded at 120 s); returns its stdout and stderr. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
