package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** At most {@code messages} alert messages in any window of {@code per} (all channels together count one per message). */
public record RateLimit(int messages, Duration per) {
    public static final RateLimit DEFAULT = new RateLimit(30, Duration.ofHours(1));

    public RateLimit {
        requireNonNull(per, "per is null");
        if (messages < 1 || per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("rate limit " + messages + " per " + per
                    + ": needs at least 1 message per a positive duration");
        }
    }
}
