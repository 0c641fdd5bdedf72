/**
 * Follow: keeps a standby image (or one per disk of a group) at the newest point, writing only the
 * grains that differ from the point it holds, with a state file advanced only after the data is
 * durable, a lock against a second follower, and repair of an image written outside pilotlight.
 * {@link io.pilotlight.recovery.follow.FollowWatcher} keeps following as points land (on an injected
 * clock and sleeper, reporting {@link io.pilotlight.recovery.follow.WatchEvent}s).
 */
package io.pilotlight.recovery.follow;
