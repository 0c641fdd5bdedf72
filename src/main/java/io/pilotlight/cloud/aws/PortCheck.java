package io.pilotlight.cloud.aws;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The optional last phase of a failover ({@code --port N}): after the heartbeat, a TCP connection to
 * the instance's address on {@code port}, within {@code limit}.
 */
public record PortCheck(int port, Duration limit) {
    public PortCheck {
        requireNonNull(limit, "limit is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is not a TCP port (1 to 65535)");
        }
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the port timeout must be positive, not " + limit);
        }
    }
}
