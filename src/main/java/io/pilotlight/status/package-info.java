/**
 * The daemon's status page: server-rendered HTML (a small inline stylesheet, no script; a
 * {@code <meta http-equiv=refresh>} keeps it current), its JSON, the RPO state of a disk or group
 * ({@link io.pilotlight.status.RpoState}, the thresholds of docs/operating.md), the RPO-over-time chart
 * ({@link io.pilotlight.status.RpoChart}) and who may see it ({@link io.pilotlight.status.PageAccess}).
 *
 * <p>It renders plain values only: the daemon reads its repositories, history and scheduler and hands
 * this package a {@link io.pilotlight.status.StatusSnapshot}. It opens nothing, reads no clock and
 * knows neither the daemon nor the repository. Every text it writes into a page is escaped by
 * {@link io.pilotlight.status.Html}.
 */
package io.pilotlight.status;
