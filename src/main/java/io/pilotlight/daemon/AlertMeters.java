package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.alert.AlertListener;
import io.pilotlight.alert.AlertMessage;
import io.pilotlight.metrics.DaemonMetrics;

/** Alerting's events as metrics: messages delivered and failed attempts per channel, messages held back. */
final class AlertMeters implements AlertListener {
    private final DaemonMetrics metrics;

    AlertMeters(DaemonMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public void delivered(String channel, AlertMessage message) {
        metrics.alertDelivered(channel);
    }

    @Override
    public void attemptFailed(String channel, AlertMessage message, int attempt, boolean retrying, String reason) {
        metrics.alertChannelFailed(channel);
    }

    @Override
    public void suppressed(AlertMessage message) {
        metrics.alertSuppressed();
    }
}
