package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the daemon serves metrics, its API and the status page: {@code host:port} ({@code [v6]:port} for
 * IPv6). Anything but a loopback address needs a bearer token, by reference. The status page refreshes
 * itself every {@code refresh}.
 */
public record ListenerConfig(String host, int port, Optional<SecretRef> token, Duration refresh) {
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(10);
    public static final ListenerConfig DEFAULT = new ListenerConfig("127.0.0.1", 9811, Optional.empty());

    /** A listener whose page refreshes every {@link #DEFAULT_REFRESH}. */
    public ListenerConfig(String host, int port, Optional<SecretRef> token) {
        this(host, port, token, DEFAULT_REFRESH);
    }

    public ListenerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(token, "token is null");
        requireNonNull(refresh, "refresh is null");
        if (port < 1 || port > 65535) {
            throw new InvalidValue("port " + port + " is not 1 to 65535", "");
        }
        if (!isLoopback(host) && token.isEmpty()) {
            throw new InvalidValue("listener on non-loopback address '" + host + "' needs a token",
                    "add token: {env: VARIABLE} or {file: /path}, or listen on 127.0.0.1");
        }
    }

    /** Loopback by its text alone (no name lookup): 127.0.0.0/8, ::1 and localhost. */
    public static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || host.matches("127(\\.[0-9]{1,3}){3}");
    }

    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
