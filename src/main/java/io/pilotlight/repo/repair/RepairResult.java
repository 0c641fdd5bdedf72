package io.pilotlight.repo.repair;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a repair did, or would do on a dry run: one line per action (each naming the object), and
 * the problems it found but left (each naming the object and why).
 */
public record RepairResult(boolean dryRun, List<String> actions, List<String> left) {
    public RepairResult {
        actions = List.copyOf(requireNonNull(actions, "actions is null"));
        left = List.copyOf(requireNonNull(left, "left is null"));
    }

    /** Whether there was nothing to repair. */
    public boolean clean() {
        return actions.isEmpty() && left.isEmpty();
    }
}
