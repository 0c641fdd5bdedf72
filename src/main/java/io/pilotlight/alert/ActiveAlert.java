package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A condition that holds now: since when, when people were last told, and how many reminders went. */
public record ActiveAlert(Condition condition, Instant since, Instant lastNotified, int reminders) {
    public ActiveAlert {
        requireNonNull(condition, "condition is null");
        requireNonNull(since, "since is null");
        requireNonNull(lastNotified, "lastNotified is null");
    }

    ActiveAlert update(Condition latest) {
        return new ActiveAlert(latest, since, lastNotified, reminders);
    }

    ActiveAlert reminded(Instant at) {
        return new ActiveAlert(condition, since, at, reminders + 1);
    }
}
