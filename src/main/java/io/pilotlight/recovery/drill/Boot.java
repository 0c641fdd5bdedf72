package io.pilotlight.recovery.drill;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.drill.DrillOptions.PortCheck;
import io.pilotlight.recovery.drill.DrillResult.Check;
import io.pilotlight.recovery.libvirt.MachineShape;
import io.pilotlight.recovery.serve.PointExport;
import io.pilotlight.recovery.serve.PointServer;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One boot of the drill's points under one accelerator, in its own directory: a writable
 * {@link PointServer} per disk into an overlay there, the VM, the checks in order (the heartbeat, then
 * each port), power-off. Everything it started is stopped and the overlays deleted before it returns.
 */
final class Boot {
    /** Run states in which the guest will never print a heartbeat. */
    private static final Set<String> DEAD = Set.of("internal-error", "guest-panicked", "shutdown", "io-error");
    private static final Duration POLL = Duration.ofMillis(200);

    private final Repository repository;
    private final DrillOptions options;
    private final Clock clock;
    private final Instant start;
    private final ProgressListener progress;

    /** The outcome; {@code stuckVm} tells a VM that stopped dead (KVM failing) from a guest that stayed silent. */
    record Outcome(List<Check> checks, List<String> serialTail, Path serialLog, boolean stuckVm,
            boolean overlaysDeleted, Shot shot) {
        boolean passed() {
            return checks.stream().allMatch(Check::ok);
        }
    }

    /** The console screenshot taken once the checks ended (passed or failed), or why there is none. */
    record Shot(Optional<byte[]> png, Optional<String> problem) {
        static final Shot NOT_TAKEN = new Shot(Optional.empty(), Optional.of("no screenshot was taken"));
    }

    /**
     * The options (with the memory to boot with), the group's member names in the points' order (empty for
     * one disk), and the saved machine's shape, if any.
     */
    record Machine(DrillOptions options, List<String> members, Optional<MachineShape> shape) {}

    private final Machine machine;

    Boot(Repository repository, Machine machine, Clock clock, Instant start, ProgressListener progress) {
        this.repository = repository;
        this.machine = machine;
        this.options = machine.options();
        this.clock = clock;
        this.start = start;
        this.progress = progress;
    }

    Outcome run(List<Manifest> points, String accelerator, Path directory) throws IOException {
        List<PointServer> servers = new ArrayList<>();
        List<Path> overlays = new ArrayList<>();
        SerialConsole console = new SerialConsole(directory.resolve("serial.log"), options.serialLines());
        Outcome outcome;
        Shot shot;
        try {
            List<Drive> drives = drives(serve(points, directory, servers, overlays));
            Map<Integer, Integer> forwards = new LinkedHashMap<>();
            for (PortCheck port : options.ports()) {
                forwards.put(PortProbe.freePort(), port.guestPort());
            }
            GuestVm.Spec spec = new GuestVm.Spec(accelerator, options.memoryBytes(), machine.shape().map(
                    MachineShape::vcpus).orElse(1), options.ovmf(), drives, forwards, console.log(),
                    directory.resolve("qmp.sock"), directory.resolve("qemu.stderr"));
            progress.phase("drill: booting " + points.size() + " disk(s) under " + accelerator, -1);
            try (GuestVm vm = GuestVm.start(spec)) {
                outcome = check(vm, console, forwards);
                shot = screenshot(vm, directory);
                vm.powerOff();
            }
        } finally {
            closeAll(servers);
        }
        return new Outcome(outcome.checks(), console.tail(), console.log(), outcome.stuckVm(), deleteAll(overlays),
                shot);
    }

    private List<Drive> drives(List<String> uris) {
        List<Drive> drives = new ArrayList<>();
        for (int i = 0; i < uris.size(); i++) {
            drives.add(i < machine.members().size() ? Drive.of(uris.get(i), "raw", machine.members().get(i),
                    machine.shape(), message -> progress.warn("drill: " + message)) : Drive.virtio(uris.get(i), "raw"));
        }
        return drives;
    }

    private List<String> serve(List<Manifest> points, Path directory, List<PointServer> servers, List<Path> overlays)
            throws IOException {
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Manifest point = points.get(i);
            Path overlay = directory.resolve("overlay-" + i + ".raw");
            overlays.add(overlay);
            NbdAddress address = new NbdAddress(Optional.of(directory.resolve("nbd-" + i + ".sock")), Optional.empty(),
                    0, point.disk());
            servers.add(PointServer.start(repository, new PointServer.Request(point.disk(), point.id(), address,
                    PointExport.DEFAULT_CHUNK_CACHE_BYTES, Optional.of(overlay), 2)));
            uris.add(servers.get(i).address().uri());
        }
        return uris;
    }

    private Outcome check(GuestVm vm, SerialConsole console, Map<Integer, Integer> hostPorts) throws IOException {
        List<Check> checks = new ArrayList<>();
        Instant bootStart = clock.instant();
        Instant overall = start.plus(options.timeout());
        Instant deadline = min(bootStart.plus(options.checkTimeout()), overall);
        HeartbeatWait heartbeat = awaitHeartbeat(vm, console, deadline);
        checks.add(heartbeat.check());
        if (!heartbeat.check().ok()) {
            return new Outcome(checks, List.of(), console.log(), heartbeat.stuck(), false, Shot.NOT_TAKEN);
        }
        List<Integer> hosts = new ArrayList<>(hostPorts.keySet());
        for (int i = 0; i < options.ports().size(); i++) {
            Check port = probe(vm, options.ports().get(i), hosts.get(i),
                    min(clock.instant().plus(options.checkTimeout()), overall));
            checks.add(port);
            if (!port.ok()) {
                break;
            }
        }
        return new Outcome(checks, List.of(), console.log(), false, false, Shot.NOT_TAKEN);
    }

    /** The console as it is when the checks ended; a VM that stopped or a screendump that fails gives none. */
    private Shot screenshot(GuestVm vm, Path directory) throws InterruptedIOException {
        if (!vm.isAlive()) {
            return new Shot(Optional.empty(), Optional.of("no screenshot: the VM had stopped"));
        }
        try {
            return new Shot(Optional.of(vm.screenshot(directory.resolve("screen.png"))), Optional.empty());
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            progress.warn("drill: no screenshot: " + e.getMessage());
            return new Shot(Optional.empty(), Optional.of("no screenshot: " + e.getMessage()));
        }
    }

    private record HeartbeatWait(Check check, boolean stuck) {}

    private HeartbeatWait awaitHeartbeat(GuestVm vm, SerialConsole console, Instant deadline) throws IOException {
        int polls = 0;
        while (true) {
            Optional<String> line = console.poll(options.heartbeat());
            if (line.isPresent()) {
                return new HeartbeatWait(passed("heartbeat", "serial: " + line.get()), false);
            }
            if (!vm.isAlive()) {
                return new HeartbeatWait(failed("heartbeat", "the VM stopped before a line matched /"
                        + options.heartbeat() + "/ (QEMU: " + vm.stderr() + ")"), false);
            }
            if (++polls % 5 == 0) {
                String status = vm.status();
                if (DEAD.contains(status)) {
                    return new HeartbeatWait(failed("heartbeat", "the VM is " + status + " before a line matched /"
                            + options.heartbeat() + "/ (QEMU: " + vm.stderr() + ")"), true);
                }
            }
            if (!clock.instant().isBefore(deadline)) {
                return new HeartbeatWait(failed("heartbeat", "no serial line matched /" + options.heartbeat()
                        + "/ within " + seconds(Duration.between(start, deadline))), false);
            }
            Waits.pause(POLL);
        }
    }

    private Check probe(GuestVm vm, PortCheck port, int hostPort, Instant deadline) throws IOException {
        String last = "no connection";
        while (true) {
            Optional<String> data = PortProbe.attempt(hostPort, port.expect(), Duration.ofSeconds(3));
            if (data.isPresent() && !data.get().isEmpty()) {
                String text = SerialConsole.clean(data.get().lines().findFirst().orElse(""));
                if (port.expect().isEmpty() || port.expect().get().matcher(data.get()).find()) {
                    return passed(port.name(), "answered: " + text);
                }
                last = "answered '" + text + "', which does not match /" + port.expect().get() + "/";
            } else if (data.isPresent()) {
                last = "connections closed with no data";
            }
            if (!vm.isAlive()) {
                return failed(port.name(), "the VM stopped; last attempt: " + last);
            }
            if (!clock.instant().isBefore(deadline)) {
                return failed(port.name(), "no matching answer by " + seconds(Duration.between(start, deadline))
                        + "; last attempt: " + last);
            }
            Waits.pause(Duration.ofMillis(500));
        }
    }

    private Check passed(String name, String detail) {
        Check check = new Check(name, true, Duration.between(start, clock.instant()), detail);
        progress.phase("drill: " + name + " ok at " + seconds(check.elapsed()) + " (" + detail + ")", -1);
        return check;
    }

    private Check failed(String name, String detail) {
        Check check = new Check(name, false, Duration.between(start, clock.instant()), detail);
        progress.warn("drill: " + name + " failed at " + seconds(check.elapsed()) + ": " + detail);
        return check;
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void closeAll(List<? extends Closeable> closeables) throws IOException {
        IOException failure = null;
        for (Closeable closeable : closeables) {
            try {
                closeable.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static boolean deleteAll(List<Path> overlays) throws IOException {
        boolean deleted = true;
        for (Path overlay : overlays) {
            Files.deleteIfExists(overlay);
            Files.deleteIfExists(overlay.resolveSibling(overlay.getFileName() + ".pilotlight-overlay")); // its map
            deleted &= !Files.exists(overlay);
        }
        return deleted;
    }
}
