package io.pilotlight.recovery.drill;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a drill found.
 *
 * @param points the points booted, {@code disk/id} each (a group's members in its order)
 * @param accelerator {@code kvm} or {@code tcg}
 * @param acceleratorReason why that accelerator
 * @param checks every check in order: heartbeat, then each port
 * @param serialTail the last serial console lines, cleaned of carriage returns and escape sequences
 * @param serialLog the serial console log, kept when a check failed
 * @param overlaysDeleted whether every throwaway overlay is gone
 */
public record DrillResult(List<String> points, String accelerator, String acceleratorReason, List<Check> checks,
        List<String> serialTail, Optional<Path> serialLog, boolean overlaysDeleted) {
    public DrillResult {
        points = List.copyOf(points);
        requireNonNull(accelerator, "accelerator is null");
        requireNonNull(acceleratorReason, "acceleratorReason is null");
        checks = List.copyOf(checks);
        serialTail = List.copyOf(serialTail);
        requireNonNull(serialLog, "serialLog is null");
    }

    /** Whether every check passed. */
    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
    }

    /** The first failed check, if any. */
    public Optional<Check> firstFailure() {
        return checks.stream().filter(check -> !check.ok()).findFirst();
    }

    /**
     * One check.
     *
     * @param name {@code heartbeat} or {@code port N}
     * @param elapsed from the drill's start to when it passed or was given up
     * @param detail what matched, or why it failed
     */
    public record Check(String name, boolean ok, Duration elapsed, String detail) {
        public Check {
            requireNonNull(name, "name is null");
            requireNonNull(elapsed, "elapsed is null");
            requireNonNull(detail, "detail is null");
        }
    }
}
