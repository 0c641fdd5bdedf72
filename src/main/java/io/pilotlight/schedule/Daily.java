package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * {@code daily 02:00}: once a day at a wall-clock time in the zone. On a spring-forward day a time
 * in the gap runs once, shifted forward by the gap (02:30 becomes 03:30); on a fall-back day a time
 * in the overlap runs once, at its first occurrence.
 */
public record Daily(LocalTime time, ZoneId zone) implements Schedule {
    public Daily {
        requireNonNull(time, "time is null");
        requireNonNull(zone, "zone is null");
        if (time.getSecond() != 0 || time.getNano() != 0) {
            throw new IllegalArgumentException("daily " + time + ": the time must be whole minutes");
        }
    }

    @Override
    public Instant next(Instant after) {
        LocalDate day = after.atZone(zone).toLocalDate().minusDays(1);
        while (true) {
            Instant slot = ZonedDateTime.of(day, time, zone).toInstant();
            if (slot.isAfter(after)) {
                return slot;
            }
            day = day.plusDays(1);
        }
    }

    @Override
    public String text() {
        return "daily " + time;
    }

    @Override
    public String toString() {
        return text() + " in " + zone;
    }
}
