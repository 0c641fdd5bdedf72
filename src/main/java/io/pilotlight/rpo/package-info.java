/**
 * The RPO as BRIEF §8 grades it, in one place for the status page, the reports and the alert rules:
 * the levels of a point's age against its target ({@link io.pilotlight.rpo.RpoLevel}), the achieved RPO
 * over time ({@link io.pilotlight.rpo.RpoLine}) and its chart ({@link io.pilotlight.rpo.RpoSvg}), and
 * durations in short words ({@link io.pilotlight.rpo.ShortDuration}). Plain values in, text out; it uses
 * only {@code html}.
 */
package io.pilotlight.rpo;
