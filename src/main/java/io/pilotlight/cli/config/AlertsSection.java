package io.pilotlight.cli.config;

import io.pilotlight.alert.MinimumFree;
import io.pilotlight.alert.RateLimit;
import io.pilotlight.alert.RetryPolicy;
import io.pilotlight.alert.Rule;
import java.time.Duration;
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
        Optional<Node> node = alerts.value("rules");
        Set<Rule> on = EnumSet.allOf(Rule.class);
        int failures = AlertsConfig.DEFAULT_FAILURES;
        MinimumFree minimumFree = MinimumFree.DEFAULT;
        Optional<Duration> lag = Optional.empty();
        Optional<MappingReader> reader = node.flatMap(value -> MappingReader.of(value, alerts.child("rules"),
                alerts.problems(), "e.g. rules: {rpo-exceeded: {}, consecutive-failures: {count: 3}}"));
        if (reader.isPresent()) {
            on = EnumSet.noneOf(Rule.class);
            for (Map.Entry<String, NodeTuple> entry : reader.get().entries().entrySet()) {
                String path = reader.get().child(entry.getKey());
                Optional<Rule> rule = Rule.byKey(entry.getKey());
                if (rule.isEmpty()) {
                    String near = NearestKey.to(entry.getKey(), Rule.keys()).map(n -> "did you mean '" + n + "'? ")
                            .orElse("");
                    alerts.problems().error(entry.getValue().getKeyNode(), path, "unknown rule '" + entry.getKey()
                            + "'", near + "rules: " + String.join(", ", Rule.keys()));
                    continue;
                }
                on.add(rule.get());
                Node settings = entry.getValue().getValueNode();
                if (Scalars.isNull(settings)) {
                    continue;
                }
                Optional<MappingReader> options = MappingReader.of(settings, path, alerts.problems(),
                        "give the rule's settings, or {} for none");
                if (options.isEmpty()) {
                    continue;
                }
                switch (rule.get()) {
                    case CONSECUTIVE_FAILURES -> failures = options.get().optional("count", count(1000)).orElse(failures);
                    case RECOVERY_DISK_SPACE -> minimumFree = options.get().optional("min-free", Scalars.scalar(
                            "a percentage or size such as 10% or 50GiB", MinimumFree::parse)).orElse(minimumFree);
                    case FOLLOWER_LAG -> lag = options.get().optional("target", Scalars.duration());
                    default -> { }
                }
                options.get().finish();
            }
        }
        return new AlertsConfig(on, failures, minimumFree, lag, Optional.empty(), RateLimit.DEFAULT,
                RetryPolicy.DEFAULT, AlertsConfig.DEFAULT_CHECK, Map.of());
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
