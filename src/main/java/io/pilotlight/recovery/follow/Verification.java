package io.pilotlight.recovery.follow;

import java.util.Locale;

/**
 * How a follow proves the image holds the point after writing it: {@code ALWAYS} recomputes the
 * whole-image digest (holes are not read; grains are then not checked while written, as the digest
 * proves them all), {@code SAMPLED} reads {@link GrainSample#GRAINS} random grains and checks each
 * against the point's grain hash, {@code OFF} trusts the writes (every grain written was already
 * checked against its hash).
 */
public enum Verification {
    ALWAYS, SAMPLED, OFF;

    /** {@code always}, {@code sampled} or {@code off}, any case; else an error listing them. */
    public static Verification parse(String name) {
        for (Verification verification : values()) {
            if (verification.name().equalsIgnoreCase(name.trim())) {
                return verification;
            }
        }
        throw new IllegalArgumentException("verification '" + name + "' is not one of always, sampled, off");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
