package io.pilotlight.alert;

/**
 * What alerting did, for metrics and logs: messages delivered, delivery attempts that failed (each
 * one, and whether another follows), messages the rate limit held back. Called from delivery threads;
 * must not throw.
 */
public interface AlertListener {
    AlertListener NONE = new AlertListener() { };

    default void delivered(String channel, AlertMessage message) {
    }

    default void attemptFailed(String channel, AlertMessage message, int attempt, boolean retrying, String reason) {
    }

    default void suppressed(AlertMessage message) {
    }
}
