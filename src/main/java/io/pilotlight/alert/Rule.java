package io.pilotlight.alert;

import io.pilotlight.rpo.RpoLevel;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The conditions alerts watch; {@link #key} is the name in the config and in every message. */
public enum Rule {
    RPO_EXCEEDED("rpo-exceeded", Severity.WARNING, RpoLevel.EXCEEDED),
    RPO_SEVERELY_EXCEEDED("rpo-severely-exceeded", Severity.ERROR, RpoLevel.SEVERELY_EXCEEDED),
    RPO_CRITICALLY_EXCEEDED("rpo-critically-exceeded", Severity.CRITICAL, RpoLevel.CRITICALLY_EXCEEDED),
    CONSECUTIVE_FAILURES("consecutive-failures", Severity.ERROR, null),
    CBT_FALLBACK("cbt-fallback", Severity.WARNING, null),
    VERIFY_FAULTS("verify-faults", Severity.CRITICAL, null),
    FOLLOWER_LAG("follower-lag", Severity.WARNING, null),
    REPOSITORY_UNREACHABLE("repository-unreachable", Severity.ERROR, null),
    RECOVERY_DISK_SPACE("recovery-disk-space", Severity.WARNING, null);

    private final String key;
    private final Severity severity;
    private final RpoLevel level;

    Rule(String key, Severity severity, RpoLevel level) {
        this.key = key;
        this.severity = severity;
        this.level = level;
    }

    /** The RPO rule that fires at {@code level}; empty for compliant. */
    public static Optional<Rule> ofLevel(RpoLevel level) {
        return Arrays.stream(values()).filter(rule -> rule.level == level).findFirst();
    }

    public String key() {
        return key;
    }

    public Severity severity() {
        return severity;
    }

    public static Optional<Rule> byKey(String key) {
        return Arrays.stream(values()).filter(rule -> rule.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Rule::key).toList();
    }
}
