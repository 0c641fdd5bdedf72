package io.pilotlight.crypto;

import java.util.Objects;
import java.util.Optional;

/**
 * The JCA provider a process put first: its name and version, and, when it is the JDK's own, why the
 * native one is not in use.
 */
public record CryptoChoice(String provider, Optional<String> fallbackReason) {
    public CryptoChoice {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(fallbackReason, "fallbackReason");
    }

    static CryptoChoice jdk(String reason) {
        return new CryptoChoice("JDK providers", Optional.of(reason));
    }

    /** Whether the native provider is in use. */
    public boolean isNative() {
        return fallbackReason.isEmpty();
    }

    /** One line for {@code --version} and verbose logs. */
    public String describe() {
        return "crypto: " + provider + fallbackReason.map(reason -> " (" + reason + ")").orElse("");
    }
}
