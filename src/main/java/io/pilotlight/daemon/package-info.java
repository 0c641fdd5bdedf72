/**
 * The daemon: the configured jobs (replicate with its retention, follow, verify, prune, drill) as
 * scheduler {@code Job}s sharing one opened repository each, the run history journal, the metrics
 * ({@link io.pilotlight.metrics.DaemonMetrics}, fed with scheduler events and each disk's newest committed
 * point by {@code DiskFreshness}), the HTTP API with {@code /metrics} and the status page (its
 * snapshot read by {@code StatusViews}, rendered by {@link io.pilotlight.status}), and the signals (SIGTERM stops,
 * SIGHUP reloads; a running job is asked to end at its next safe step through
 * {@link io.pilotlight.daemon.RunCancellation}). The cli builds a {@link io.pilotlight.daemon.DaemonPlan}
 * from the config file; this package knows nothing of the file. See docs/operating.md and docs/metrics.md.
 */
package io.pilotlight.daemon;
