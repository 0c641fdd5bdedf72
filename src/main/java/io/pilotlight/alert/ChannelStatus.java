package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * How a channel has fared: messages delivered, failed attempts, and the last success and failure
 * (with its reason); {@code failing} while the last attempt failed.
 */
public record ChannelStatus(String channel, long delivered, long failedAttempts, Optional<Instant> lastDelivered,
        Optional<Instant> lastFailure, Optional<String> lastError, boolean failing) {
    public ChannelStatus {
        requireNonNull(channel, "channel is null");
        requireNonNull(lastDelivered, "lastDelivered is null");
        requireNonNull(lastFailure, "lastFailure is null");
        requireNonNull(lastError, "lastError is null");
    }

    static ChannelStatus fresh(String channel) {
        return new ChannelStatus(channel, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    ChannelStatus success(Instant at) {
        return new ChannelStatus(channel, delivered + 1, failedAttempts, Optional.of(at), lastFailure, lastError, false);
    }

    ChannelStatus failure(Instant at, String error) {
        return new ChannelStatus(channel, delivered, failedAttempts + 1, lastDelivered, Optional.of(at),
                Optional.of(error), true);
    }
}
