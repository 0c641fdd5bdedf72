package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

/**
 * A secret's value, read from its {@link SecretRef}. Not a record, so no generated {@code toString},
 * {@code equals} or accessor lets the value slip into a log: {@link #toString} names the reference,
 * and only {@link #reveal} gives the value, to the one client that needs it.
 */
public final class Secret {
    private final SecretRef source;
    private final String value;

    Secret(SecretRef source, String value) {
        this.source = requireNonNull(source, "source is null");
        this.value = requireNonNull(value, "value is null");
    }

    public SecretRef source() {
        return source;
    }

    /** The value: hand it to a client, never to a message or a log. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "secret " + source + " (hidden)";
    }
}
