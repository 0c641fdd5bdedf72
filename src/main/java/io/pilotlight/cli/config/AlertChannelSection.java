package io.pilotlight.cli.config;

import io.pilotlight.alert.SmtpSettings;
import io.pilotlight.alert.WebhookFormat;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/** One entry of {@code alerts.channels}: its {@code type} decides which keys it takes. */
final class AlertChannelSection {
    private static final List<String> TYPES = List.of("webhook", "email", "command");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private AlertChannelSection() {}

    static Optional<AlertChannelConfig> read(String name, MappingReader channel) {
        Optional<String> type = channel.required("type", Scalars.choice(TYPES), "type: webhook, email or command");
        Duration timeout = channel.optional("timeout", Scalars.duration()).orElse(DEFAULT_TIMEOUT);
        if (type.isEmpty()) {
            channel.entries();
            return Optional.empty();
        }
        return switch (type.get()) {
            case "webhook" -> webhook(name, channel, timeout);
            case "email" -> email(name, channel, timeout);
            default -> channel.required("command", Scalars.textList(), "command: [/usr/local/bin/page, --team, dr]")
                    .map(command -> new AlertChannelConfig.Run(name, command, timeout));
        };
    }

    private static Optional<AlertChannelConfig> webhook(String name, MappingReader channel, Duration timeout) {
        WebhookFormat format = channel.optional("format", Scalars.choice(List.of("json", "slack")))
                .map(value -> WebhookFormat.valueOf(value.toUpperCase(Locale.ROOT))).orElse(WebhookFormat.JSON);
        Optional<Node> url = channel.value("url");
        if (url.isEmpty()) {
            channel.problems().error(channel.node(), channel.child("url"), "missing required key 'url'",
                    "url: https://hooks.example.org/... or, if it holds a token, url: {env: NAME}");
            return Optional.empty();
        }
        if (url.get() instanceof MappingNode) {
            return SecretSection.reader().read(url.get(), channel.child("url"), channel.problems()).map(ref ->
                    new AlertChannelConfig.Webhook(name, Optional.empty(), Optional.of(ref), format, timeout));
        }
        return Scalars.scalar("an http(s) URL", AlertChannelSection::plainUrl).read(url.get(), channel.child("url"),
                channel.problems()).map(plain -> new AlertChannelConfig.Webhook(name, Optional.of(plain),
                Optional.empty(), format, timeout));
    }

    /** A URL written in the file; one that looks like it holds a token must be given by reference. */
    private static String plainUrl(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("url is not a URL", "write https://host/path");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new InvalidValue("url is not an http(s) URL", "write https://host/path");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getHost().endsWith("hooks.slack.com")) {
            // Never quote the value: it may hold the token.
            throw new InvalidValue("this url holds a token (a login, a query or a Slack hook path) and must not be"
                    + " written in the file", SecretSection.HINT);
        }
        return value;
    }

    private static Optional<AlertChannelConfig> email(String name, MappingReader channel, Duration timeout) {
        Optional<String> host = channel.required("host", Scalars.text(), "host: smtp.example.org");
        SmtpSettings.Security security = channel.optional("security", Scalars.choice(List.of("starttls", "tls",
                "none"))).map(value -> SmtpSettings.Security.valueOf(value.toUpperCase(Locale.ROOT)))
                .orElse(SmtpSettings.Security.STARTTLS);
        int port = channel.optional("port", AlertsSection.count(65_535)).orElse(security.defaultPort());
        Optional<String> username = channel.optional("username", Scalars.text());
        Optional<SecretRef> password = channel.optional("password", SecretSection.reader());
        if (username.isPresent() != channel.has("password")) {
            channel.problems().error(channel.node(), channel.child(username.isPresent() ? "password" : "username"),
                    "a login needs both 'username' and 'password'", "password: {env: SMTP_PASSWORD}");
        }
        Optional<String> from = channel.required("from", Scalars.text(), "from: pilotlight@example.org");
        Optional<List<String>> to = channel.required("to", Scalars.textList(), "to: [oncall@example.org]");
        Optional<Path> caFile = channel.optional("ca-file", Scalars.absolutePath());
        if (host.isEmpty() || from.isEmpty() || to.isEmpty() || username.isPresent() != password.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new AlertChannelConfig.Email(name, host.get(), port, security, username, password,
                from.get(), to.get(), caFile, timeout));
    }
}
