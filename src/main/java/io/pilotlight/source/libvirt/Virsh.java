package io.pilotlight.source.libvirt;

import static java.util.Objects.requireNonNull;

import io.pilotlight.exec.Command;
import io.pilotlight.exec.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code virsh -c CONNECTION …} through the one external-command runner, each call bounded in time. */
final class Virsh {
    static final String INSTALL = "libvirt sources need virsh: apt-get install libvirt-clients";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final String connection;

    Virsh(String connection) {
        this.connection = requireNonNull(connection, "connection is null");
    }

    /** Runs {@code virsh -c CONNECTION arguments…} and returns its stdout; a non-zero exit is a ToolFailed. */
    String run(String... arguments) throws IOException {
        List<String> all = new ArrayList<>(List.of("-q", "-c", connection));
        all.addAll(List.of(arguments));
        return ProcessRunner.run(Command.of("virsh", all).withTimeout(TIMEOUT).withTailLines(3).withInstall(INSTALL));
    }
}
