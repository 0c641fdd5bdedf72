package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * {@code hourly :15}: every hour at a minute of the zone's local hour (which differs from UTC's in
 * zones such as Asia/Kolkata). An hour that repeats when clocks fall back runs twice: it is two
 * real hours.
 */
public record Hourly(int minute, ZoneId zone) implements Schedule {
    public Hourly {
        requireNonNull(zone, "zone is null");
        if (minute < 0 || minute > 59) {
            throw new IllegalArgumentException("hourly :" + minute + ": the minute must lie in 0..59");
        }
    }

    @Override
    public Instant next(Instant after) {
        ZonedDateTime slot = after.atZone(zone).truncatedTo(ChronoUnit.HOURS).minusHours(1).withMinute(minute);
        while (!slot.toInstant().isAfter(after)) {
            slot = slot.plusHours(1);
        }
        return slot.toInstant();
    }

    @Override
    public String text() {
        return String.format("hourly :%02d", minute);
    }

    @Override
    public String toString() {
        return text() + " in " + zone;
    }
}
