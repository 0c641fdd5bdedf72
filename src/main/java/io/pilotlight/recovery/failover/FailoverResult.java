package io.pilotlight.recovery.failover;

import static java.util.Objects.requireNonNull;

import io.pilotlight.recovery.drill.DrillResult.Check;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A started failover.
 *
 * @param where how to reach the VM: its pid or libvirt domain, and its network
 * @param phases {@code start}, {@code heartbeat}, then each checked port, each timed from the command's start
 */
public record FailoverResult(String name, String mode, Path stateDirectory, String accelerator,
        String acceleratorReason, String where, List<FailoverState.Disk> disks, List<Check> phases) {
    public FailoverResult {
        requireNonNull(name, "name is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(stateDirectory, "stateDirectory is null");
        requireNonNull(where, "where is null");
        disks = List.copyOf(disks);
        phases = List.copyOf(phases);
    }

    public boolean passed() {
        return phases.stream().allMatch(Check::ok);
    }

    public Optional<Check> firstFailure() {
        return phases.stream().filter(check -> !check.ok()).findFirst();
    }
}
