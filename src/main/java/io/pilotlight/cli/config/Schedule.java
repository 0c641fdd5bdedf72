package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;

/**
 * When a job runs, as written ({@code every 15m jitter 1m}, {@code daily 02:00}, {@code weekly mon 02:00},
 * {@code hourly :15}, {@code cron "0 *&#47;4 * * *"}), checked by a {@link ScheduleSyntax}, and the zone its
 * clock times are read in. The scheduler turns the text into run times.
 */
public record Schedule(String text, ZoneId zone) {
    public Schedule {
        requireNonNull(text, "text is null");
        requireNonNull(zone, "zone is null");
        if (text.isBlank()) {
            throw new IllegalArgumentException("schedule is empty");
        }
    }

    @Override
    public String toString() {
        return text + " (" + zone.getId() + ")";
    }
}
