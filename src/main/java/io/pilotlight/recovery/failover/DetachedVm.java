package io.pilotlight.recovery.failover;

import io.pilotlight.exec.Command;
import io.pilotlight.exec.ProcessRunner;
import io.pilotlight.qemu.QmpClient;
import io.pilotlight.recovery.drill.GuestVm;
import io.pilotlight.recovery.failover.FailoverOptions.Network;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The failover VM as a QEMU process that outlives the command: {@code -daemonize} with its pid file,
 * QMP socket, serial log and stderr in the state directory. Unlike a drill's VM it is not isolated
 * (user networking without {@code restrict}, or a tap or bridge), reboots stay reboots, and its disks
 * are qcow2 overlays or NBD exports. Stopped by pid: {@link #powerOff} (ACPI, then QMP {@code quit},
 * then SIGTERM and SIGKILL), checking first that the pid is still this VM's QEMU.
 */
final class DetachedVm {
    static final String PID_FILE = "qemu.pid";
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private DetachedVm() {}

    /** One disk: a file or URI QEMU opens, in {@code format}. */
    record Drive(String file, String format) {
        Drive {
            if (file.contains(",")) {
                throw new IllegalArgumentException("disk " + file + ": QEMU cannot take a path with a comma");
            }
        }
    }

    static List<String> arguments(FailoverOptions options, String accelerator,
            List<io.pilotlight.recovery.drill.Drive> drives, Path directory) {
        List<String> arguments = new ArrayList<>(GuestVm.machineArguments(accelerator, options.memoryBytes(),
                options.ovmf(), directory.resolve("serial.log"), directory.resolve("qmp.sock")));
        arguments.remove("-no-reboot"); // a real machine reboots
        arguments.addAll(List.of("-smp", Integer.toString(options.cpus()), "-name", domainName(options),
                "-daemonize", "-pidfile", directory.resolve(PID_FILE).toString()));
        arguments.addAll(io.pilotlight.recovery.drill.Drive.arguments(drives));
        arguments.addAll(List.of("-netdev", netdev(options.network()), "-device",
                "virtio-net-pci,netdev=n0,mac=" + mac(options.target().name())));
        return arguments;
    }

    static String netdev(Network network) {
        if (network instanceof Network.User user) {
            StringBuilder netdev = new StringBuilder("user,id=n0");
            user.forwards().forEach(forward -> netdev.append(",hostfwd=tcp:").append(forward.address()).append(':')
                    .append(forward.hostPort()).append("-:").append(forward.guestPort()));
            return netdev.toString();
        }
        if (network instanceof Network.Tap tap) {
            return "tap,id=n0,ifname=" + tap.device() + ",script=no,downscript=no";
        }
        return "bridge,id=n0,br=" + ((Network.Bridge) network).bridge();
    }

    static String domainName(FailoverOptions options) {
        return "pilotlight-" + options.target().name();
    }

    /** A locally administered MAC from the machine's name: the same machine gets the same address each time. */
    static String mac(String name) {
        int hash = name.hashCode();
        return String.format(Locale.ROOT, "52:54:00:%02x:%02x:%02x", (hash >> 16) & 0xff, (hash >> 8) & 0xff,
                hash & 0xff);
    }

    /** Starts QEMU detached; returns its pid once it has daemonized (its devices and sockets are set up). */
    static long start(FailoverOptions options, String accelerator, List<io.pilotlight.recovery.drill.Drive> drives,
            Path directory)
            throws IOException {
        Files.deleteIfExists(directory.resolve(PID_FILE));
        Command command = Command.of(GuestVm.PROGRAM, arguments(options, accelerator, drives, directory))
                .withStdout(directory.resolve("qemu.stdout")).withStderr(directory.resolve("qemu.stderr"))
                .withTimeout(START_LIMIT).withTailLines(20)
                .withLabel(GuestVm.PROGRAM + " (failover " + options.target().name() + ", " + accelerator + ")")
                .withInstall("install it with: apt-get install qemu-system-x86");
        ProcessRunner.run(command);
        String pid = Files.readString(directory.resolve(PID_FILE), StandardCharsets.US_ASCII).strip();
        return Long.parseLong(pid);
    }

    /** Whether {@code pid} runs and is the QEMU of {@code directory} (its command line names the pid file there). */
    static boolean isRunning(long pid, Path directory) {
        return RunningProcess.find(pid, directory.resolve(PID_FILE).toString()).isPresent();
    }

    /** The run state QMP reports, or {@code unknown (why)}. */
    static String status(Path qmpSocket) {
        try (QmpClient qmp = QmpClient.connect(qmpSocket, Duration.ofSeconds(5))) {
            return qmp.execute("query-status", Map.of()).path("status").asText("?");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Powers the VM off; returns whether the guest did so itself on the ACPI button within {@code grace}. */
    static boolean powerOff(long pid, Path directory, Path qmpSocket, Duration grace) throws IOException {
        if (!isRunning(pid, directory)) {
            return true;
        }
        ProcessHandle handle = RunningProcess.find(pid, directory.resolve(PID_FILE).toString()).orElseThrow();
        boolean graceful = false;
        try (QmpClient qmp = QmpClient.connect(qmpSocket, Duration.ofSeconds(10))) {
            qmp.execute("system_powerdown", Map.of());
            graceful = waitFor(handle, grace);
            if (!graceful) {
                qmp.execute("quit", Map.of());
            }
        } catch (IOException e) {
            // QEMU went away mid-command, or does not answer: signals below
        }
        if (!waitFor(handle, Duration.ofSeconds(10))) {
            handle.destroy();
            if (!waitFor(handle, Duration.ofSeconds(10))) {
                handle.destroyForcibly();
                waitFor(handle, Duration.ofSeconds(10));
            }
        }
        return graceful;
    }

    static boolean waitFor(ProcessHandle handle, Duration limit) throws InterruptedIOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (handle.isAlive() && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(100));
        }
        return !handle.isAlive();
    }

    static void pause(Duration duration) throws InterruptedIOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("failover interrupted");
        }
    }
}
