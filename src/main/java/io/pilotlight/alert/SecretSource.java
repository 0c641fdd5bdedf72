package io.pilotlight.alert;

import java.io.IOException;

/**
 * A secret (an SMTP password, a webhook URL holding a token), read when it is needed, never stored in
 * a message: {@link #reference} says where it comes from ({@code {env: NAME}}), for errors and logs.
 */
public interface SecretSource {
    /** The value now; an {@link IOException} naming the reference when it cannot be read or is not set. */
    String reveal() throws IOException;

    /** Where the value comes from, e.g. {@code {env: SLACK_URL}}; never the value. */
    String reference();

    /** A value written in the config itself (a plain URL): its reference is "the config". */
    static SecretSource plain(String value) {
        return new SecretSource() {
            @Override
            public String reveal() {
                return value;
            }

            @Override
            public String reference() {
                return "the config";
            }
        };
    }
}
