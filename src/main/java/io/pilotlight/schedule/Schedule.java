package io.pilotlight.schedule;

import java.time.Instant;
import java.time.ZoneId;

/**
 * When a job's regular slots fall. Every schedule has an explicit zone; {@link #next} is a pure
 * function of the instant it is given. The syntax is stated in {@code docs/scheduling.md}.
 */
public sealed interface Schedule permits Every, Daily, Weekly, Hourly, Cron {

    /** The first slot strictly after {@code after}. */
    Instant next(Instant after);

    ZoneId zone();

    /** The schedule as it is written in a config file, e.g. {@code every 15m jitter 1m}. */
    String text();

    /**
     * This schedule as it runs for the job named {@code jobName}: the same, but for {@code every ...
     * jitter ...}, whose slots move by an offset that depends on the name alone.
     */
    default Schedule forJob(String jobName) {
        return this;
    }

    /**
     * Parses {@code every 15m [jitter 1m]}, {@code daily 02:00}, {@code weekly mon 02:00},
     * {@code hourly :15} or {@code cron "0 *&#47;4 * * *"} (unix cron, five fields).
     *
     * @throws InvalidScheduleException quoting the text and saying what was expected
     */
    static Schedule parse(String text, ZoneId zone) {
        return ScheduleParser.parse(text, zone);
    }
}
