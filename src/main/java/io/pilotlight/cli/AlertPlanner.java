package io.pilotlight.cli;

import io.pilotlight.alert.AlertChannel;
import io.pilotlight.alert.AlertPlan;
import io.pilotlight.alert.AlertRules;
import io.pilotlight.alert.CommandChannel;
import io.pilotlight.alert.SecretSource;
import io.pilotlight.alert.SmtpChannel;
import io.pilotlight.alert.SmtpSettings;
import io.pilotlight.alert.WebhookChannel;
import io.pilotlight.cli.config.AlertChannelConfig;
import io.pilotlight.cli.config.AlertsConfig;
import io.pilotlight.cli.config.FollowerConfig;
import io.pilotlight.cli.config.PilotlightConfig;
import io.pilotlight.cli.config.SecretRef;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config's {@code alerts} as an {@link AlertPlan}: channels built, every follower watched (its
 * standby path and target lag), secrets as references resolved at each send (so a rotated password
 * needs no restart, and a missing one fails the send, visibly, not the daemon's start).
 */
final class AlertPlanner {
    private final Map<String, String> environment;

    AlertPlanner(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    AlertPlan plan(PilotlightConfig config) {
        AlertsConfig alerts = config.alerts();
        if (alerts.channels().isEmpty()) {
            return AlertPlan.NONE;
        }
        Map<String, AlertRules.Follower> followers = new LinkedHashMap<>();
        for (FollowerConfig follower : config.followers().values()) {
            followers.put(follower.name(), new AlertRules.Follower(follower.to(), follower.targetLag()));
        }
        AlertRules rules = new AlertRules(alerts.rules(), alerts.failures(), alerts.minimumFree(),
                alerts.followerLag(), followers);
        List<AlertChannel> channels = alerts.channels().values().stream().map(this::channel).toList();
        return new AlertPlan(rules, channels, alerts.reminder(), alerts.rateLimit(), alerts.retry(),
                alerts.checkEvery());
    }

    private AlertChannel channel(AlertChannelConfig config) {
        if (config instanceof AlertChannelConfig.Webhook webhook) {
            SecretSource url = webhook.plainUrl().map(SecretSource::plain)
                    .orElseGet(() -> secret(webhook.urlRef().get(), "webhook " + webhook.name() + " url"));
            return new WebhookChannel(webhook.name(), url, webhook.format(), webhook.timeout());
        }
        if (config instanceof AlertChannelConfig.Email email) {
            return new SmtpChannel(email.name(), new SmtpSettings(email.host(), email.port(), email.security(),
                    email.username(), email.password().map(ref -> secret(ref, "e-mail " + email.name() + " password")),
                    email.from(), email.to(), email.caFile(), email.timeout()));
        }
        AlertChannelConfig.Run run = (AlertChannelConfig.Run) config;
        return new CommandChannel(run.name(), run.command(), run.timeout());
    }

    private SecretSource secret(SecretRef reference, String what) {
        return new SecretSource() {
            @Override
            public String reveal() throws IOException {
                return reference.resolve(environment).orElseThrow(() -> new IOException(what + ": " + reference
                        + " is not set")).reveal();
            }

            @Override
            public String reference() {
                return reference.toString();
            }
        };
    }
}
