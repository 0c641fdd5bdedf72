package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** {@code weekly mon 02:00}: once a week on a day, at a wall-clock time, with {@link Daily}'s DST rules. */
public record Weekly(DayOfWeek day, LocalTime time, ZoneId zone) implements Schedule {
    public Weekly {
        requireNonNull(day, "day is null");
        requireNonNull(time, "time is null");
        requireNonNull(zone, "zone is null");
        if (time.getSecond() != 0 || time.getNano() != 0) {
            throw new IllegalArgumentException("weekly " + day + " " + time + ": the time must be whole minutes");
        }
    }

    @Override
    public Instant next(Instant after) {
        LocalDate date = after.atZone(zone).toLocalDate().minusDays(1).with(TemporalAdjusters.previousOrSame(day));
        while (true) {
            Instant slot = ZonedDateTime.of(date, time, zone).toInstant();
            if (slot.isAfter(after)) {
                return slot;
            }
            date = date.plusWeeks(1);
        }
    }

    @Override
    public String text() {
        return "weekly " + day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT) + " " + time;
    }

    @Override
    public String toString() {
        return text() + " in " + zone;
    }
}
