package io.pilotlight.retention;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the policy decided for one point: kept when at least one rule kept it, with the reasons in
 * rule order (e.g. {@code newest}, {@code last 1}, {@code daily 2026-12-01}, {@code within 7d},
 * {@code within-daily 2026-11-30}); removed when no rule kept it (no reasons).
 */
public record Decision(Candidate point, List<String> reasons) {
    public Decision {
        requireNonNull(point, "point is null");
        reasons = List.copyOf(requireNonNull(reasons, "reasons is null"));
    }

    /** Whether any rule keeps the point; otherwise it is to be removed. */
    public boolean keep() {
        return !reasons.isEmpty();
    }

    @Override
    public String toString() {
        return point.id() + " " + point.time() + (keep() ? " keep: " + String.join(", ", reasons) : " remove");
    }
}
