package io.pilotlight.alert;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The conditions alerts watch; {@link #key} is the name in the config and in every message. */
public enum Rule {
    RPO_EXCEEDED("rpo-exceeded", Severity.WARNING),
    RPO_SEVERELY_EXCEEDED("rpo-severely-exceeded", Severity.ERROR),
    RPO_CRITICALLY_EXCEEDED("rpo-critically-exceeded", Severity.CRITICAL),
    CONSECUTIVE_FAILURES("consecutive-failures", Severity.ERROR),
    CBT_FALLBACK("cbt-fallback", Severity.WARNING),
    VERIFY_FAULTS("verify-faults", Severity.CRITICAL),
    FOLLOWER_LAG("follower-lag", Severity.WARNING),
    REPOSITORY_UNREACHABLE("repository-unreachable", Severity.ERROR),
    RECOVERY_DISK_SPACE("recovery-disk-space", Severity.WARNING);

    private final String key;
    private final Severity severity;

    Rule(String key, Severity severity) {
        this.key = key;
        this.severity = severity;
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
