package io.pilotlight.alert;

import java.io.IOException;

/**
 * Where messages go: a webhook, an SMTP server, a command. {@link #send} delivers one message once
 * (retries are {@link Delivery}'s) and throws when it was not accepted; its message names the channel
 * and the reason, never a secret.
 */
public interface AlertChannel {
    /** The channel's name in the config. */
    String name();

    void send(AlertMessage message) throws IOException;
}
