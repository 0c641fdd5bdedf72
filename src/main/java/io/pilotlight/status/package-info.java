/**
 * The daemon's status page: server-rendered HTML (a small inline stylesheet, no script; a
 * {@code <meta http-equiv=refresh>} keeps it current), its JSON, the RPO state of a disk or group
 * ({@link io.pilotlight.status.RpoState}: an {@link io.pilotlight.rpo.RpoLevel}, or no point, or no
 * target), the RPO over time ({@link io.pilotlight.status.RpoChart}, drawn by
 * {@link io.pilotlight.rpo.RpoSvg}) and who may see it ({@link io.pilotlight.status.PageAccess}).
 *
 * <p>It renders plain values only: the daemon reads its repositories, history and scheduler and hands
 * this package a {@link io.pilotlight.status.StatusSnapshot}. It opens nothing, reads no clock and
 * knows neither the daemon nor the repository. Every text it writes into a page is escaped by
 * {@link io.pilotlight.html.Html}.
 */
package io.pilotlight.status;
