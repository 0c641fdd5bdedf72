package io.pilotlight.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.alert.MinimumFree;
import io.pilotlight.alert.RateLimit;
import io.pilotlight.alert.RetryPolicy;
import io.pilotlight.alert.Rule;
import io.pilotlight.alert.SmtpSettings;
import io.pilotlight.alert.WebhookFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code alerts} section: the documented example, defaults, and errors that name the key and the rule. */
class AlertsConfigTest {
    private static final String BASE = "repositories:\n  main: {location: /srv/p}\n";

    private static ConfigResult parse(String alerts) {
        return new ConfigParser().parse("p.yaml", BASE + alerts);
    }

    private static List<String> errors(String alerts) {
        return parse(alerts).errors().stream().map(ConfigProblem::format).toList();
    }

    @Test
    void theDocumentedExampleReadsAsItSays() throws IOException {
        AlertsConfig alerts = new ConfigParser().parse("configuration.md", ConfigExampleTest.example()).config()
                .orElseThrow().alerts();
        assertThat(alerts.rules()).isEqualTo(EnumSet.allOf(Rule.class));
        assertThat(alerts.failures()).isEqualTo(3);
        assertThat(alerts.minimumFree()).isEqualTo(MinimumFree.parse("10%"));
        assertThat(alerts.followerLag()).contains(Duration.ofHours(2));
        assertThat(alerts.reminder()).contains(Duration.ofHours(4));
        assertThat(alerts.rateLimit()).isEqualTo(new RateLimit(30, Duration.ofHours(1)));
        assertThat(alerts.retry()).isEqualTo(new RetryPolicy(4, Duration.ofSeconds(30), Duration.ofMinutes(10)));
        assertThat(alerts.channels()).containsOnlyKeys("ops-mail", "chat", "pager");
        assertThat(alerts.channels().get("ops-mail")).isEqualTo(new AlertChannelConfig.Email("ops-mail",
                "smtp.example.org", 587, SmtpSettings.Security.STARTTLS, Optional.of("pilotlight@example.org"),
                Optional.of(new SecretRef.Env("PILOTLIGHT_SMTP_PASSWORD")), "pilotlight@example.org",
                List.of("oncall@example.org", "dr-team@example.org"), Optional.empty(), Duration.ofSeconds(30)));
        assertThat(alerts.channels().get("chat")).isEqualTo(new AlertChannelConfig.Webhook("chat", Optional.empty(),
                Optional.of(new SecretRef.File(Path.of("/etc/pilotlight/slack-webhook-url"))), WebhookFormat.SLACK,
                Duration.ofSeconds(30)));
        assertThat(alerts.channels().get("pager")).isEqualTo(new AlertChannelConfig.Run("pager",
                List.of("/usr/local/bin/page-oncall", "--team", "dr"), Duration.ofSeconds(20)));
    }

    @Test
    void withoutRulesEveryRuleIsOnAndWithoutAlertsNone() {
        AlertsConfig alerts = parse("alerts:\n  reminder: off\n  channels:\n    hook: {type: webhook, url:"
                + " 'http://127.0.0.1:9/x'}\n").config().orElseThrow().alerts();
        assertThat(alerts.rules()).isEqualTo(EnumSet.allOf(Rule.class));
        assertThat(alerts.reminder()).isEmpty();
        assertThat(alerts.checkEvery()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("").config().orElseThrow().alerts()).isEqualTo(AlertsConfig.NONE);
    }

    @Test
    void listedRulesOnlyAreOn() {
        AlertsConfig alerts = parse("alerts:\n  rules:\n    rpo-critically-exceeded:\n    consecutive-failures:"
                + " {count: 5}\n  channels:\n    pager: {type: command, command: /bin/true}\n").config().orElseThrow()
                .alerts();
        assertThat(alerts.rules()).containsExactlyInAnyOrder(Rule.RPO_CRITICALLY_EXCEEDED, Rule.CONSECUTIVE_FAILURES);
        assertThat(alerts.failures()).isEqualTo(5);
    }

    @Test
    void unknownKeysAndRulesAreErrorsNamingTheValidOnes() {
        assertThat(errors("alerts:\n  reminders: 1h\n  rules:\n    rpo-exeeded: {}\n  channels:\n    hook: {type:"
                + " webhook, url: 'http://127.0.0.1:9/x', host: smtp}\n")).containsExactly(
                "p.yaml:4:3: error: alerts.reminders: unknown key 'reminders' (did you mean 'reminder'? valid keys:"
                        + " reminder, check-every, rate-limit, retry, channels, rules)",
                "p.yaml:6:5: error: alerts.rules.rpo-exeeded: unknown rule 'rpo-exeeded' (did you mean 'rpo-exceeded'?"
                        + " rules: rpo-exceeded, rpo-severely-exceeded, rpo-critically-exceeded, consecutive-failures,"
                        + " cbt-fallback, verify-faults, follower-lag, repository-unreachable, recovery-disk-space)",
                "p.yaml:8:56: error: alerts.channels.hook.host: unknown key 'host' (valid keys: type, timeout, format,"
                        + " url)");
    }

    @Test
    void secretsMustBeReferences() {
        assertThat(errors("alerts:\n  channels:\n    mail: {type: email, host: smtp.example.org, username: u,"
                + " password: hunter2, from: a@example.org, to: [b@example.org]}\n"))
                .singleElement().asString().contains("alerts.channels.mail.password: a secret must not be written in"
                        + " the file").doesNotContain("hunter2");
        assertThat(errors("alerts:\n  channels:\n    chat: {type: webhook, url:"
                + " 'https://hooks.slack.com/services/T0/B0/tok3n'}\n")).singleElement().asString()
                .contains("alerts.channels.chat.url: this url holds a token").doesNotContain("tok3n");
    }

    @Test
    void alertsNeedChannelsAndAChannelItsType() {
        assertThat(errors("alerts:\n  reminder: 1h\n")).singleElement().asString()
                .contains("alerts.channels: missing required key 'channels'");
        assertThat(errors("alerts:\n  channels:\n    x: {type: pigeon}\n")).singleElement().asString()
                .contains("alerts.channels.x.type: 'pigeon' is not one of webhook, email, command");
    }
}
