package io.pilotlight.repo.forget;

import static java.util.Objects.requireNonNull;

import io.pilotlight.retention.Retention;
import io.pilotlight.retention.RetentionPolicy;
import java.time.ZoneId;
import java.util.List;

/**
 * How a forget by policy runs: the policy, the time zone of its calendar buckets, and whether it
 * only reports ({@code dryRun}) or deletes. An empty policy is refused here, before any point is read.
 */
public record ForgetOptions(RetentionPolicy policy, ZoneId zone, boolean dryRun) {
    public ForgetOptions {
        requireNonNull(policy, "policy is null");
        requireNonNull(zone, "zone is null");
        if (policy.isEmpty()) {
            Retention.decide(List.of(), policy, zone); // throws the one message for an empty policy
        }
    }

    /** The policy as output shows it, with its zone: {@code last 3, daily 7 (zone UTC)}. */
    public String describe() {
        return policy.describe(zone);
    }
}
