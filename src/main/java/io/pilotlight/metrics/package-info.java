/**
 * The daemon's Prometheus metrics: {@link io.pilotlight.metrics.DaemonMetrics} listens to the
 * scheduler's events (runs, outcomes, bytes, catch-ups, skipped slots), takes the values the daemon
 * reads elsewhere (each disk's newest committed point and RPO target, followers' lag, store request
 * and retry totals), adds the JVM's own metrics, and renders them in the Prometheus text format for
 * the daemon's {@code /metrics}. The metrics, their types, labels and meaning are listed in
 * {@code docs/metrics.md}; a Grafana dashboard over them is {@code docs/grafana-dashboard.json}.
 *
 * <p>Freshness counts committed points only: the RPO series change only when the daemon reports a
 * disk's newest committed point ({@link io.pilotlight.metrics.DaemonMetrics#diskFreshness}); a run
 * that starts, runs or fails never touches them. Ages are computed at scrape time from an injected
 * {@link java.time.Clock}.
 *
 * <p>Uses nothing of pilotlight but {@code schedule} (its events) and {@code progress}. It opens no
 * repository and no store: the daemon reads them and hands in plain values. Serves no HTTP itself.
 */
package io.pilotlight.metrics;
