package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import io.pilotlight.alert.SmtpSettings;
import io.pilotlight.alert.WebhookFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One alert channel of the config, by {@code type}: a webhook, e-mail, or a command. */
public sealed interface AlertChannelConfig {
    String name();

    /** {@code url} is written in the file ({@code plainUrl}) or given by reference ({@code urlRef}): exactly one. */
    record Webhook(String name, Optional<String> plainUrl, Optional<SecretRef> urlRef, WebhookFormat format,
            Duration timeout) implements AlertChannelConfig {
        public Webhook {
            requireNonNull(name, "name is null");
            requireNonNull(plainUrl, "plainUrl is null");
            requireNonNull(urlRef, "urlRef is null");
            requireNonNull(format, "format is null");
            requireNonNull(timeout, "timeout is null");
            if (plainUrl.isPresent() == urlRef.isPresent()) {
                throw new InvalidValue("webhook '" + name + "' needs one url", "url: https://... or url: {env: NAME}");
            }
        }
    }

    /** E-mail over SMTP; the password only by reference. */
    record Email(String name, String host, int port, SmtpSettings.Security security, Optional<String> username,
            Optional<SecretRef> password, String from, List<String> to, Optional<Path> caFile, Duration timeout)
            implements AlertChannelConfig {
        public Email {
            requireNonNull(name, "name is null");
            requireNonNull(host, "host is null");
            requireNonNull(security, "security is null");
            requireNonNull(username, "username is null");
            requireNonNull(password, "password is null");
            requireNonNull(from, "from is null");
            to = List.copyOf(requireNonNull(to, "to is null"));
            requireNonNull(caFile, "caFile is null");
            requireNonNull(timeout, "timeout is null");
        }
    }

    /** A program run for each message (no shell). */
    record Run(String name, List<String> command, Duration timeout) implements AlertChannelConfig {
        public Run {
            requireNonNull(name, "name is null");
            command = List.copyOf(requireNonNull(command, "command is null"));
            requireNonNull(timeout, "timeout is null");
        }
    }
}
