package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which rules are on and their settings: {@code failures} runs in a row for consecutive-failures,
 * {@code minimumFree} for recovery-disk-space, {@code defaultLag} for followers without a target lag
 * of their own, and the followers to watch (name to standby path and target lag).
 */
public record AlertRules(Set<Rule> enabled, int failures, MinimumFree minimumFree, Optional<Duration> defaultLag,
        Map<String, Follower> followers) {
    /** A watched follower: where its standby is written and the lag it is held to (none: the default). */
    public record Follower(Path standby, Optional<Duration> targetLag) {
        public Follower {
            requireNonNull(standby, "standby is null");
            requireNonNull(targetLag, "targetLag is null");
        }
    }

    public AlertRules {
        enabled = enabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enabled));
        requireNonNull(minimumFree, "minimumFree is null");
        requireNonNull(defaultLag, "defaultLag is null");
        followers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(followers,
                "followers is null")));
        if (failures < 1) {
            throw new IllegalArgumentException("consecutive-failures count " + failures + " must be at least 1");
        }
    }

    /** Every rule, 3 failures in a row, 10% free, no default lag, no followers. */
    public static AlertRules all() {
        return new AlertRules(EnumSet.allOf(Rule.class), 3, MinimumFree.DEFAULT, Optional.empty(), Map.of());
    }

    public boolean on(Rule rule) {
        return enabled.contains(rule);
    }
}
