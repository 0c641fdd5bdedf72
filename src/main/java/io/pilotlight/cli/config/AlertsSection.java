package io.pilotlight.cli.config;

import io.pilotlight.alert.MinimumFree;
import io.pilotlight.alert.RateLimit;
import io.pilotlight.alert.RetryPolicy;
import io.pilotlight.alert.Rule;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** {@code alerts}: rules, channels, reminder, rate limit, retry and check interval (docs/configuration.md, "Alerts"). */
final class AlertsSection {
    private static final String HINT = "e.g. alerts: {channels: {ops: {type: webhook, url: {env: ALERT_WEBHOOK_URL}}}}";

    private AlertsSection() {}

    static AlertsConfig read(MappingReader top) {
        Optional<Node> node = top.value("alerts");
        if (node.isEmpty() || Scalars.isNull(node.get())) {
            return AlertsConfig.NONE;
        }
        Optional<MappingReader> reader = MappingReader.of(node.get(), top.child("alerts"), top.problems(), HINT);
        if (reader.isEmpty()) {
            return AlertsConfig.NONE;
        }
        MappingReader alerts = reader.get();
        Optional<Duration> reminder = alerts.optional("reminder", Scalars.scalar("a duration or off",
                value -> value.equals("off") ? Optional.<Duration>empty() : Optional.of(ConfigDuration.parse(value))))
                .orElse(Optional.of(AlertsConfig.DEFAULT_REMINDER));
        Duration checkEvery = alerts.optional("check-every", Scalars.duration()).orElse(AlertsConfig.DEFAULT_CHECK);
        RateLimit rateLimit = rateLimit(alerts);
        RetryPolicy retry = retry(alerts);
        Map<String, AlertChannelConfig> channels = NamedSection.read(alerts, "channels", "channel",
                "e.g. channels: {ops: {type: webhook, url: ...}}", AlertChannelSection::read);
        if (!alerts.has("channels")) {
            top.problems().error(alerts.node(), alerts.child("channels"), "missing required key 'channels'",
                    "alerts need at least one channel: webhook, email or command");
        }
        AlertsConfig rules = rules(alerts);
        alerts.finish();
        return new AlertsConfig(rules.rules(), rules.failures(), rules.minimumFree(), rules.followerLag(), reminder,
                rateLimit, retry, checkEvery, channels);
    }

    /** {@code rules}: each rule named is on, with its settings; left out, every rule is on with its defaults. */
    private static AlertsConfig rules(MappingReader alerts) {
        Optional<MappingReader> reader = alerts.value("rules").flatMap(value -> MappingReader.of(value,
                alerts.child("rules"), alerts.problems(), "e.g. rules: {rpo-exceeded: {}, consecutive-failures: {count: 3}}"));
        Map<Rule, NodeTuple> named = reader.map(AlertsSection::named).orElse(Map.of());
        Set<Rule> on = reader.isEmpty() ? EnumSet.allOf(Rule.class) : (named.isEmpty() ? Set.of() : EnumSet.copyOf(
                named.keySet()));
        int failures = setting(reader, named, Rule.CONSECUTIVE_FAILURES, "count", count(1000))
                .orElse(AlertsConfig.DEFAULT_FAILURES);
        MinimumFree minimumFree = setting(reader, named, Rule.RECOVERY_DISK_SPACE, "min-free", Scalars.scalar(
                "a percentage or size such as 10% or 50GiB", MinimumFree::parse)).orElse(MinimumFree.DEFAULT);
        Optional<Duration> lag = setting(reader, named, Rule.FOLLOWER_LAG, "target", Scalars.duration());
        EnumSet.complementOf(EnumSet.of(Rule.CONSECUTIVE_FAILURES, Rule.RECOVERY_DISK_SPACE, Rule.FOLLOWER_LAG))
                .forEach(rule -> setting(reader, named, rule, "", Scalars.text()));
        return new AlertsConfig(on, failures, minimumFree, lag, Optional.empty(), RateLimit.DEFAULT,
                RetryPolicy.DEFAULT, AlertsConfig.DEFAULT_CHECK, Map.of());
    }

    /** The rules named under {@code rules}; an unknown name is an error naming the nearest and every rule. */
    private static Map<Rule, NodeTuple> named(MappingReader rules) {
        Map<Rule, NodeTuple> named = new EnumMap<>(Rule.class);
        for (Map.Entry<String, NodeTuple> entry : rules.entries().entrySet()) {
            Optional<Rule> rule = Rule.byKey(entry.getKey());
            if (rule.isPresent()) {
                named.put(rule.get(), entry.getValue());
            } else {
                String near = NearestKey.to(entry.getKey(), Rule.keys()).map(n -> "did you mean '" + n + "'? ").orElse("");
                rules.problems().error(entry.getValue().getKeyNode(), rules.child(entry.getKey()), "unknown rule '"
                        + entry.getKey() + "'", near + "rules: " + String.join(", ", Rule.keys()));
            }
        }
        return named;
    }

    /** The one setting {@code key} of a named rule ({@code ""}: the rule takes none), its other keys errors. */
    private static <T> Optional<T> setting(Optional<MappingReader> rules, Map<Rule, NodeTuple> named, Rule rule,
            String key, ValueReader<T> reader) {
        NodeTuple tuple = named.get(rule);
        if (rules.isEmpty() || tuple == null || Scalars.isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        Optional<MappingReader> settings = MappingReader.of(tuple.getValueNode(), rules.get().child(rule.key()),
                rules.get().problems(), "give the rule's settings, or {} for none");
        Optional<T> value = key.isEmpty() ? Optional.empty() : settings.flatMap(mapping -> mapping.optional(key, reader));
        settings.ifPresent(MappingReader::finish);
        return value;
    }

    private static RateLimit rateLimit(MappingReader alerts) {
        Optional<MappingReader> reader = alerts.value("rate-limit").flatMap(node -> MappingReader.of(node,
                alerts.child("rate-limit"), alerts.problems(), "e.g. rate-limit: {messages: 30, per: 1h}"));
        if (reader.isEmpty()) {
            return RateLimit.DEFAULT;
        }
        int messages = reader.get().optional("messages", count(100_000)).orElse(RateLimit.DEFAULT.messages());
        Duration per = reader.get().optional("per", Scalars.duration()).orElse(RateLimit.DEFAULT.per());
        reader.get().finish();
        return new RateLimit(messages, per);
    }

    private static RetryPolicy retry(MappingReader alerts) {
        Optional<MappingReader> reader = alerts.value("retry").flatMap(node -> MappingReader.of(node,
                alerts.child("retry"), alerts.problems(), "e.g. retry: {attempts: 4, backoff: 30s}"));
        if (reader.isEmpty()) {
            return RetryPolicy.DEFAULT;
        }
        int attempts = reader.get().optional("attempts", count(100)).orElse(RetryPolicy.DEFAULT.attempts());
        Duration backoff = reader.get().optional("backoff", Scalars.duration()).orElse(RetryPolicy.DEFAULT.backoff());
        reader.get().finish();
        Duration max = backoff.compareTo(RetryPolicy.DEFAULT.maxBackoff()) > 0 ? backoff : RetryPolicy.DEFAULT.maxBackoff();
        return new RetryPolicy(attempts, backoff, max);
    }

    static ValueReader<Integer> count(int max) {
        return Scalars.scalar("a whole number from 1 to " + max, value -> {
            try {
                int count = Integer.parseInt(value);
                if (count >= 1 && count <= max) {
                    return count;
                }
            } catch (NumberFormatException e) {
                // named below
            }
            throw new InvalidValue("'" + value + "' is not a whole number from 1 to " + max, "");
        });
    }
}
