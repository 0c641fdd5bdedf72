package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import io.pilotlight.html.Html;
import io.pilotlight.rpo.ShortDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * One message to people: a condition that started ({@code FIRING}), still holds ({@code REMINDER}),
 * ended ({@code RESOLVED}), or a channel test. It says what is wrong, since when and what to do;
 * {@code suppressed} counts messages the rate limit held back since the last one sent.
 */
public record AlertMessage(State state, String rule, String subject, Severity severity, String summary, String action,
        Instant since, Instant at, String host, int suppressed) {
    /** Where a condition stands in its life. */
    public enum State {
        FIRING, REMINDER, RESOLVED, TEST;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AlertMessage {
        requireNonNull(state, "state is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(action, "action is null");
        requireNonNull(since, "since is null");
        requireNonNull(at, "at is null");
        requireNonNull(host, "host is null");
        if (suppressed < 0) {
            throw new IllegalArgumentException("suppressed count " + suppressed + " must not be negative");
        }
    }

    /** A message about {@code condition} at {@code at}, in {@code state}. */
    public static AlertMessage of(State state, Condition condition, Instant since, Instant at, String host) {
        return new AlertMessage(state, condition.rule().key(), condition.subject(), condition.rule().severity(),
                condition.summary(), condition.action(), since, at, host, 0);
    }

    /** A test message through one channel. */
    public static AlertMessage test(String channel, Instant at, String host) {
        return new AlertMessage(State.TEST, "test", channel, Severity.WARNING, "a test message from pilotlight on "
                + host + " through channel " + channel, "nothing: if you read this, the channel works", at, at, host, 0);
    }

    public AlertMessage withSuppressed(int count) {
        return new AlertMessage(state, rule, subject, severity, summary, action, since, at, host, count);
    }

    /** How long the condition has held (or held, once resolved). */
    public Duration duration() {
        Duration held = Duration.between(since, at);
        return held.isNegative() ? Duration.ZERO : held;
    }

    /** The e-mail subject or chat headline: {@code [pilotlight] FIRING error consecutive-failures vm1: …}. */
    public String headline() {
        String status = state == State.RESOLVED ? "RESOLVED" : state.name() + " " + severity.label();
        return "[pilotlight] " + status + " " + rule + " " + subject + ": " + summary;
    }

    /** The body as plain text: what, since when, what to do. */
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append(headline()).append("\n\n");
        text.append(state == State.RESOLVED ? "Was wrong: " : "What is wrong: ").append(summary).append('\n');
        String lasted = ShortDuration.format(duration());
        text.append(state == State.RESOLVED ? "From " + time(since) + " until " + time(at) + " (" + lasted + ")"
                : "Since: " + time(since) + " (" + lasted + " ago)").append('\n');
        text.append(state == State.RESOLVED ? "Nothing to do: it is fine again." : "What to do: " + action).append('\n');
        if (suppressed > 0) {
            text.append("Note: the rate limit held back ").append(suppressed)
                    .append(" earlier messages; see /api/alerts on the daemon for every condition.\n");
        }
        text.append("\nRule ").append(rule).append(", subject ").append(subject).append(", host ").append(host)
                .append(", sent ").append(time(at)).append('\n');
        return text.toString();
    }

    /** The body as a small HTML page (the same content as {@link #text}). */
    public String html() {
        String colour = switch (state == State.RESOLVED ? "ok" : severity.label()) {
            case "ok" -> "#1a7f37";
            case "warning" -> "#9a6700";
            case "error" -> "#cf222e";
            default -> "#82071e";
        };
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">\n");
        html.append("<h2 style=\"color:").append(colour).append("\">").append(Html.escape(headline()))
                .append("</h2>\n<table>\n");
        row(html, state == State.RESOLVED ? "Was wrong" : "What is wrong", summary);
        row(html, "Since", time(since) + (state == State.RESOLVED ? " until " + time(at) : "") + " ("
                + ShortDuration.format(duration()) + ")");
        row(html, "What to do", state == State.RESOLVED ? "Nothing: it is fine again." : action);
        row(html, "Rule", rule + " (" + severity.label() + ")");
        row(html, "Subject", subject);
        row(html, "Host", host);
        if (suppressed > 0) {
            row(html, "Rate limit", suppressed + " earlier messages held back; see /api/alerts on the daemon");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th style=\"text-align:left;vertical-align:top\">").append(Html.escape(name))
                .append("</th><td>").append(Html.escape(value)).append("</td></tr>\n");
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
