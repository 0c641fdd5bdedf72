package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * {@code every 15m [jitter 1m]}: elapsed time, slots at multiples of the interval since the Unix
 * epoch, moved by {@code offset}. A jitter gives each job (by name, {@link #forJob}) a stable offset
 * in {@code [0, jitter)}, so a fleet spreads out but a job's slots stay put. Daylight saving time
 * does not move these slots; the zone is kept for the record.
 */
public record Every(Duration interval, Duration jitter, Duration offset, ZoneId zone) implements Schedule {
    public Every {
        requireNonNull(interval, "interval is null");
        requireNonNull(jitter, "jitter is null");
        requireNonNull(offset, "offset is null");
        requireNonNull(zone, "zone is null");
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("every " + interval + ": the interval must be at least 1s");
        }
        if (jitter.isNegative() || jitter.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("every " + interval + " jitter " + jitter
                    + ": the jitter must be at least 0 and shorter than the interval");
        }
        if (offset.isNegative() || (offset.compareTo(jitter) >= 0 && !offset.isZero())) {
            throw new IllegalArgumentException("every " + interval + " offset " + offset
                    + ": the offset must lie in [0, jitter " + jitter + ")");
        }
    }

    public static Every of(Duration interval, ZoneId zone) {
        return new Every(interval, Duration.ZERO, Duration.ZERO, zone);
    }

    @Override
    public Instant next(Instant after) {
        long base = offset.toMillis();
        long step = interval.toMillis();
        long slots = Math.floorDiv(after.toEpochMilli() - base, step) + 1;
        return Instant.ofEpochMilli(base + slots * step);
    }

    @Override
    public Every forJob(String jobName) {
        requireNonNull(jobName, "jobName is null");
        long seconds = jitter.toSeconds();
        if (seconds == 0) {
            return this;
        }
        return new Every(interval, jitter, Duration.ofSeconds(Math.floorMod(stableHash(jobName), seconds)), zone);
    }

    @Override
    public String text() {
        return "every " + DurationText.format(interval)
                + (jitter.isZero() ? "" : " jitter " + DurationText.format(jitter));
    }

    @Override
    public String toString() {
        return text() + (offset.isZero() ? "" : " (offset " + DurationText.format(offset) + ")") + " in " + zone;
    }

    /** The first eight bytes of SHA-256 of the name: the same on every JVM and every run. */
    private static long stableHash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long hash = 0;
            for (int i = 0; i < 8; i++) {
                hash = (hash << 8) | (digest[i] & 0xff);
            }
            return hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
