package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A rule that holds for one subject (a disk, job, follower or repository) now: what is wrong, since
 * when (as the rule knows it: the moment a point's age crossed the target, the first failure of a
 * streak), and what to do.
 */
public record Condition(Rule rule, String subject, String summary, Instant since, String action) {
    public Condition {
        requireNonNull(rule, "rule is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(since, "since is null");
        requireNonNull(action, "action is null");
        if (subject.isBlank() || summary.isBlank() || action.isBlank()) {
            throw new IllegalArgumentException("condition " + rule.key() + ": subject, summary and action are required");
        }
    }

    /** The de-duplication key: one message per rule and subject. */
    public String key() {
        return rule.key() + "/" + subject;
    }
}
