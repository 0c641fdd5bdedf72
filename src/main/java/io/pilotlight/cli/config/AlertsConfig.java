package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import io.pilotlight.alert.MinimumFree;
import io.pilotlight.alert.RateLimit;
import io.pilotlight.alert.RetryPolicy;
import io.pilotlight.alert.Rule;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code alerts} section, checked: the rules that are on and their settings, the reminder
 * interval (none: {@code reminder: off}), the rate limit, the retry of a failing channel, how often
 * state is checked, and the channels by name. {@link #NONE} when the file has no {@code alerts}.
 */
public record AlertsConfig(Set<Rule> rules, int failures, MinimumFree minimumFree, Optional<Duration> followerLag,
        Optional<Duration> reminder, RateLimit rateLimit, RetryPolicy retry, Duration checkEvery,
        Map<String, AlertChannelConfig> channels) {
    public static final Duration DEFAULT_REMINDER = Duration.ofHours(4);
    public static final Duration DEFAULT_CHECK = Duration.ofMinutes(1);
    public static final int DEFAULT_FAILURES = 3;
    public static final AlertsConfig NONE = new AlertsConfig(Set.of(), DEFAULT_FAILURES, MinimumFree.DEFAULT,
            Optional.empty(), Optional.of(DEFAULT_REMINDER), RateLimit.DEFAULT, RetryPolicy.DEFAULT, DEFAULT_CHECK,
            Map.of());

    public AlertsConfig {
        rules = rules.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(rules));
        requireNonNull(minimumFree, "minimumFree is null");
        requireNonNull(followerLag, "followerLag is null");
        requireNonNull(reminder, "reminder is null");
        requireNonNull(rateLimit, "rateLimit is null");
        requireNonNull(retry, "retry is null");
        requireNonNull(checkEvery, "checkEvery is null");
        channels = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(channels, "channels is null")));
    }
}
