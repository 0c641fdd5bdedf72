package io.pilotlight.recovery.failover;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.drill.DrillResult.Check;
import io.pilotlight.recovery.drill.PortProbe;
import io.pilotlight.recovery.drill.SerialConsole;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Times a failover's recovery phases from the command's start: the VM started, the first serial line
 * matching the heartbeat, then each checked port answering with data through its forward. Each wait
 * is bounded by the check timeout; a phase that fails ends the watch, the VM keeps running.
 */
final class RtoWatch {
    private static final Duration POLL = Duration.ofMillis(200);

    private final FailoverOptions options;
    private final Clock clock;
    private final Instant start;
    private final ProgressListener progress;

    RtoWatch(FailoverOptions options, Clock clock, Instant start, ProgressListener progress) {
        this.options = options;
        this.clock = clock;
        this.start = start;
        this.progress = progress;
    }

    Check started(String where) {
        return passed("start", where);
    }

    /** The checks, and whether the VM stopped dead (KVM failing) rather than staying silent. */
    record Watched(List<Check> checks, boolean stuck) {}

    /**
     * The heartbeat, then each port; {@code alive} tells whether the VM still runs, {@code status} its
     * run state (asked every second while waiting for the heartbeat).
     */
    Watched watch(SerialConsole console, BooleanSupplier alive, Supplier<String> status) throws IOException {
        List<Check> checks = new ArrayList<>();
        Watched heartbeat = heartbeat(console, alive, status);
        checks.addAll(heartbeat.checks());
        for (int port : options.ports()) {
            if (!checks.get(checks.size() - 1).ok()) {
                break;
            }
            checks.add(port(port, alive));
        }
        return new Watched(checks, heartbeat.stuck());
    }

    private Watched heartbeat(SerialConsole console, BooleanSupplier alive, Supplier<String> status)
            throws IOException {
        Instant deadline = clock.instant().plus(options.checkTimeout());
        for (int polls = 1; true; polls++) {
            Optional<String> line = console.poll(options.heartbeat());
            if (line.isPresent()) {
                return new Watched(List.of(passed("heartbeat", "serial: " + line.get())), false);
            }
            if (!alive.getAsBoolean()) {
                return new Watched(List.of(failed("heartbeat", "the VM stopped before a serial line matched /"
                        + options.heartbeat() + "/")), false);
            }
            String state = polls % 5 == 0 ? status.get() : "running";
            if (Failover.DEAD.contains(state)) {
                return new Watched(List.of(failed("heartbeat", "the VM is " + state + " before a serial line matched /"
                        + options.heartbeat() + "/")), true);
            }
            if (!clock.instant().isBefore(deadline)) {
                return new Watched(List.of(failed("heartbeat", "no serial line matched /" + options.heartbeat()
                        + "/ within " + seconds(options.checkTimeout()) + "; the VM keeps running")), false);
            }
            DetachedVm.pause(POLL);
        }
    }

    private Check port(int guestPort, BooleanSupplier alive) throws IOException {
        FailoverOptions.Forward forward = options.network().forwardOf(guestPort).orElseThrow();
        Instant deadline = clock.instant().plus(options.checkTimeout());
        String name = "port " + guestPort;
        while (true) {
            Optional<String> data = PortProbe.attempt(forward.hostPort(), Optional.empty(), Duration.ofSeconds(3));
            if (data.isPresent() && !data.get().isEmpty()) {
                return passed(name, "host port " + forward.hostPort() + " answered: "
                        + SerialConsole.clean(data.get().lines().findFirst().orElse("")));
            }
            if (!alive.getAsBoolean()) {
                return failed(name, "the VM stopped before the port answered");
            }
            if (!clock.instant().isBefore(deadline)) {
                return failed(name, "no answer on host port " + forward.hostPort() + " within "
                        + seconds(options.checkTimeout()) + "; the VM keeps running");
            }
            DetachedVm.pause(Duration.ofMillis(500));
        }
    }

    private Check passed(String name, String detail) {
        Check check = new Check(name, true, Duration.between(start, clock.instant()), detail);
        progress.phase("failover: " + name + " at " + seconds(check.elapsed()) + " (" + detail + ")", -1);
        return check;
    }

    private Check failed(String name, String detail) {
        Check check = new Check(name, false, Duration.between(start, clock.instant()), detail);
        progress.warn("failover: " + name + " failed at " + seconds(check.elapsed()) + ": " + detail);
        return check;
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
