/**
 * Alerts: rules over the daemon's run outcomes and state (RPO exceeded, severely and critically
 * exceeded; consecutive failures; change tracking fallen back to a full pass; verify faults; follower
 * lag; an unreachable repository; low disk space on the recovery site) and the channels that tell
 * people (a webhook, e-mail over SMTP, a command).
 *
 * <p>{@link io.pilotlight.alert.AlertEngine} owns the policy: one message when a condition starts, a
 * reminder on an interval, one "resolved" message; a rate limit; a failing channel retried with
 * backoff ({@link io.pilotlight.alert.Delivery}). Time comes from a {@link java.time.Clock}. It knows
 * nothing of repositories or the config file: the daemon hands it events, disk freshness and a
 * {@link io.pilotlight.alert.SiteProbe}; the cli builds its {@link io.pilotlight.alert.AlertPlan}.
 * Secrets (an SMTP password, a webhook URL with a token) come through {@link
 * io.pilotlight.alert.SecretSource} and never reach a message or a log.
 */
package io.pilotlight.alert;
