package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Alerting as configured: the rules, the channels every message goes to, the reminder interval (none:
 * no reminders), the rate limit, the retry policy of a failing channel, and how often state is checked.
 */
public record AlertPlan(AlertRules rules, List<AlertChannel> channels, Optional<Duration> reminder, RateLimit rateLimit,
        RetryPolicy retry, Duration checkEvery) {
    /** No rules, no channels: nothing is ever sent. */
    public static final AlertPlan NONE = new AlertPlan(new AlertRules(Set.of(), 1, MinimumFree.DEFAULT,
            Optional.empty(), java.util.Map.of()), List.of(), Optional.empty(), RateLimit.DEFAULT, RetryPolicy.DEFAULT,
            Duration.ofMinutes(1));

    public AlertPlan {
        requireNonNull(rules, "rules is null");
        channels = List.copyOf(requireNonNull(channels, "channels is null"));
        requireNonNull(reminder, "reminder is null");
        requireNonNull(rateLimit, "rateLimit is null");
        requireNonNull(retry, "retry is null");
        requireNonNull(checkEvery, "checkEvery is null");
        Set<String> names = new HashSet<>();
        for (AlertChannel channel : channels) {
            if (!names.add(channel.name())) {
                throw new IllegalArgumentException("alert channel name " + channel.name() + " is used twice");
            }
        }
        reminder.filter(interval -> interval.isZero() || interval.isNegative()).ifPresent(interval -> {
            throw new IllegalArgumentException("reminder interval " + interval + " must be positive");
        });
        if (checkEvery.isZero() || checkEvery.isNegative()) {
            throw new IllegalArgumentException("check interval " + checkEvery + " must be positive");
        }
    }

    /** The channel named {@code name}, or an error listing the channels. */
    public AlertChannel channel(String name) {
        return channels.stream().filter(channel -> channel.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no alert channel named " + name + "; the channels are "
                        + (channels.isEmpty() ? "none (configure alerts.channels)"
                        : String.join(", ", channels.stream().map(AlertChannel::name).toList()))));
    }
}
