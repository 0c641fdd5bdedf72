/**
 * The daemon: the configured jobs (replicate with its retention, follow, verify, prune, drill) as
 * scheduler {@code Job}s sharing one opened repository each, the run history journal, the HTTP API, and the signals (SIGTERM stops,
 * SIGHUP reloads). The cli builds a {@link io.pilotlight.daemon.DaemonPlan} from the config file;
 * this package knows nothing of the file. See docs/operating.md.
 */
package io.pilotlight.daemon;
