package io.pilotlight.recovery.drill;

import io.pilotlight.exec.ChildProcess;
import io.pilotlight.exec.Command;
import io.pilotlight.exec.ProcessRunner;
import io.pilotlight.qemu.QmpClient;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One drill VM: {@code qemu-system-x86_64} with no default devices but a standard VGA (shown nowhere, for
 * the screenshot), no monitor but QMP,
 * the serial console into a file, every disk on virtio from NBD, and user networking restricted to
 * the guest (no way out) with one forward from 127.0.0.1 per probed port. {@link #close} powers it
 * off: ACPI power button, a grace period, QMP {@code quit}, then SIGTERM and SIGKILL.
 */
public final class GuestVm implements Closeable {
    public static final String PROGRAM = "qemu-system-x86_64";
    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final Duration POWER_OFF_GRACE = Duration.ofSeconds(15);

    private final ChildProcess process;
    private final QmpClient qmp;

    private GuestVm(ChildProcess process, QmpClient qmp) {
        this.process = process;
        this.qmp = qmp;
    }

    /** How to start it. {@code forwards} maps host ports (on 127.0.0.1) to guest ports. */
    record Spec(String accelerator, long memoryBytes, int cpus, Optional<Path> ovmf, List<Drive> drives,
            Map<Integer, Integer> forwards, Path serialLog, Path qmpSocket, Path stderrLog) {}

    static GuestVm start(Spec spec) throws IOException {
        Command command = Command.of(PROGRAM, arguments(spec)).withStderr(spec.stderrLog())
                .withLabel(PROGRAM + " (drill, " + spec.accelerator() + ")")
                .withInstall("install it with: apt-get install qemu-system-x86").withTailLines(60);
        ChildProcess process = ProcessRunner.start(command, Duration.ofSeconds(5));
        QmpClient qmp = null;
        try {
            process.awaitPath(spec.qmpSocket(), "its QMP socket", START_LIMIT);
            qmp = connect(process, spec.qmpSocket());
            return new GuestVm(process, qmp);
        } catch (IOException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** QEMU binds the socket a moment before it listens: a refused connection is retried while QEMU runs. */
    private static QmpClient connect(ChildProcess process, Path socket) throws IOException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            try {
                return QmpClient.connect(socket, Duration.ofSeconds(10));
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Waits.pause(Duration.ofMillis(50));
        }
    }

    static List<String> arguments(Spec spec) {
        List<String> arguments = machineArguments(spec.accelerator(), spec.memoryBytes(), spec.ovmf(),
                spec.serialLog(), spec.qmpSocket());
        if (spec.cpus() > 1) {
            arguments.addAll(List.of("-smp", Integer.toString(spec.cpus())));
        }
        arguments.addAll(Drive.arguments(spec.drives()));
        StringBuilder netdev = new StringBuilder("user,id=n0,restrict=on");
        spec.forwards().forEach((host, guest) -> netdev.append(",hostfwd=tcp:127.0.0.1:").append(host)
                .append("-:").append(guest));
        arguments.addAll(List.of("-netdev", netdev.toString(), "-device", "virtio-net-pci,netdev=n0"));
        return arguments;
    }

    /**
     * The machine without disks or network (shared with failover): PC machine, {@code accelerator}, no
     * default devices, no display, no monitor but QMP on {@code qmpSocket}, the serial console into
     * {@code serialLog}, no reboot, UEFI firmware when {@code ovmf} is given.
     */
    public static List<String> machineArguments(String accelerator, long memoryBytes, Optional<Path> ovmf,
            Path serialLog, Path qmpSocket) {
        List<String> arguments = new ArrayList<>(List.of("-machine", "pc,accel=" + accelerator,
                "-m", (memoryBytes >> 20) + "M", "-nodefaults", "-no-user-config", "-display", "none",
                "-vga", "std", // a console for the screenshot; -display none shows it nowhere
                "-serial", "file:" + serialLog, "-monitor", "none", "-no-reboot",
                "-qmp", "unix:" + qmpSocket + ",server=on,wait=off"));
        ovmf.ifPresent(code -> arguments.addAll(List.of("-drive", "if=pflash,format=raw,readonly=on,file=" + code)));
        return arguments;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** QEMU's stderr in one line: its first line naming an error (a register dump may follow it), else its last. */
    String stderr() {
        List<String> tail = process.stderrTail();
        if (tail.isEmpty()) {
            return "nothing on stderr";
        }
        return tail.stream().filter(line -> line.toLowerCase(java.util.Locale.ROOT).contains("error")).findFirst()
                .orElse(tail.get(tail.size() - 1)).strip();
    }

    /** The run state QMP reports ({@code running}, {@code internal-error}, {@code guest-panicked}...), or why not. */
    String status() {
        try {
            return qmp.execute("query-status", Map.of()).path("status").asText("?");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The guest's console as a PNG, by QMP {@code screendump} into {@code file}, which is deleted after reading. */
    byte[] screenshot(Path file) throws IOException {
        try {
            qmp.execute("screendump", Map.of("filename", file.toString(), "format", "png"));
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Whether the guest powered itself off on the ACPI button within the grace period; QEMU is gone either way. */
    boolean powerOff() throws IOException {
        boolean graceful = false;
        try {
            if (process.isAlive()) {
                qmp.execute("system_powerdown", Map.of());
                graceful = waitForExit(POWER_OFF_GRACE);
            }
            if (process.isAlive()) {
                qmp.execute("quit", Map.of());
                waitForExit(Duration.ofSeconds(5));
            }
        } catch (IOException e) {
            // QEMU went away mid-command, or does not answer: close() below stops it
        } finally {
            close();
        }
        return graceful;
    }

    private boolean waitForExit(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            Waits.pause(Duration.ofMillis(100));
        }
        return !process.isAlive();
    }

    @Override
    public void close() throws IOException {
        try {
            qmp.close();
        } finally {
            process.close();
        }
    }
}
