package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How to reach an SMTP server: {@code security} STARTTLS (required: a server that does not offer it
 * is refused, never spoken to in the clear), implicit TLS, or none; a login when {@code username} is
 * given (the password by reference); the sender and recipients; {@code caFile} a PEM of the
 * certificates to trust instead of the JDK's (a private CA); a timeout for connect, read and write.
 */
public record SmtpSettings(String host, int port, Security security, Optional<String> username,
        Optional<SecretSource> password, String from, List<String> to, Optional<Path> caFile, Duration timeout) {
    /** How the connection is protected. */
    public enum Security {
        STARTTLS(587), TLS(465), NONE(25);

        private final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() {
            return defaultPort;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SmtpSettings {
        requireNonNull(host, "host is null");
        requireNonNull(security, "security is null");
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        requireNonNull(from, "from is null");
        to = List.copyOf(requireNonNull(to, "to is null"));
        requireNonNull(caFile, "caFile is null");
        requireNonNull(timeout, "timeout is null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("SMTP host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SMTP port " + port + " is not 1 to 65535");
        }
        if (to.isEmpty()) {
            throw new IllegalArgumentException("SMTP channel needs at least one recipient in 'to'");
        }
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("SMTP login needs both username and password, or neither");
        }
    }
}
