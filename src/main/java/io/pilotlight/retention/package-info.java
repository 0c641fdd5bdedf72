/**
 * Retention: which points {@code forget} keeps. {@link io.pilotlight.retention.Retention#decide} is a
 * pure function of points (an id and a time each, {@link io.pilotlight.retention.Candidate}), a
 * {@link io.pilotlight.retention.RetentionPolicy} (the {@code --keep-*} options) and an explicit time
 * zone for the calendar buckets; it returns a {@link io.pilotlight.retention.Decision} with reasons
 * for every point. Tested on dates alone. The semantics are stated in {@code docs/retention.md}.
 *
 * <p>Uses nothing of pilotlight: no repository, no store, no clock. The caller (forget, a daemon)
 * lists the points, decides, and removes what is to be removed.
 */
package io.pilotlight.retention;
