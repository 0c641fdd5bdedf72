package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the page shows, read at {@code time}: the protected disks and groups, the other jobs,
 * and how often the page refreshes itself.
 */
public record StatusSnapshot(Instant time, Duration refresh, List<ProtectedItem> items, List<JobView> jobs) {
    public StatusSnapshot {
        requireNonNull(time, "time is null");
        requireNonNull(refresh, "refresh is null");
        items = List.copyOf(requireNonNull(items, "items is null"));
        jobs = List.copyOf(requireNonNull(jobs, "jobs is null"));
        if (refresh.toSeconds() < 1) {
            throw new IllegalArgumentException("page refresh " + refresh + " must be at least one second");
        }
    }

    /** The disk or group of this kind and name. */
    public Optional<ProtectedItem> item(ProtectedItem.Kind kind, String name) {
        return items.stream().filter(item -> item.kind() == kind && item.name().equals(name)).findFirst();
    }
}
