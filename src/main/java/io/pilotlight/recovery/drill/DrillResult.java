package io.pilotlight.recovery.drill;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * @param started when the drill started
 * @param duration from the start to the VM's power-off
 * @param evidence the key of the drill record stored in the repository (docs/design.md §17); empty when it
 *     could not be stored (the drill warned why)
 */
public record DrillResult(List<String> points, String accelerator, String acceleratorReason, List<Check> checks,
        List<String> serialTail, Optional<Path> serialLog, boolean overlaysDeleted, Instant started,
        Duration duration, Optional<String> evidence) {
    public DrillResult {
        points = List.copyOf(points);
        requireNonNull(accelerator, "accelerator is null");
        requireNonNull(acceleratorReason, "acceleratorReason is null");
        checks = List.copyOf(checks);
        serialTail = List.copyOf(serialTail);
        requireNonNull(serialLog, "serialLog is null");
        requireNonNull(started, "started is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(evidence, "evidence is null");
    }

    /** A result with no time and no evidence, as before drills recorded evidence (for callers that make one). */
    public DrillResult(List<String> points, String accelerator, String acceleratorReason, List<Check> checks,
            List<String> serialTail, Optional<Path> serialLog, boolean overlaysDeleted) {
        this(points, accelerator, acceleratorReason, checks, serialTail, serialLog, overlaysDeleted, Instant.EPOCH,
                Duration.ZERO, Optional.empty());
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
