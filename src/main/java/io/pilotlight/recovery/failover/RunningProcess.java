package io.pilotlight.recovery.failover;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process a failover started, found again by pid in a later command. A pid can be reused, so it
 * counts only while its whole command line (read from {@code /proc}: {@link ProcessHandle.Info}
 * truncates long ones, and a Java class path is long) names a file of this failover.
 */
final class RunningProcess {
    private RunningProcess() {}

    /** The live process {@code pid} whose command line contains {@code mark}, if any. */
    static Optional<ProcessHandle> find(long pid, String mark) {
        if (pid <= 0) {
            return Optional.empty();
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return handle;
        }
        try {
            byte[] line = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String text = new String(line, StandardCharsets.UTF_8).replace('\0', ' ');
            return text.contains(mark) ? handle : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // gone, or no /proc: not ours to signal
        }
    }
}
