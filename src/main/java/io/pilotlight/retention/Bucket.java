package io.pilotlight.retention;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * The calendar buckets a point falls into, on the calendar of the policy's time zone. The label of
 * a bucket is its key: two points share a bucket exactly when their labels are equal.
 */
public enum Bucket {
    /** A clock hour, with the zone's offset so that the hour repeated when clocks go back makes two buckets: {@code 2026-12-01T14:00+01:00}. */
    HOURLY {
        @Override
        String label(ZonedDateTime time) {
            return time.truncatedTo(ChronoUnit.HOURS).format(HOUR);
        }
    },
    /** A calendar day: {@code 2026-12-01}. */
    DAILY {
        @Override
        String label(ZonedDateTime time) {
            return time.toLocalDate().toString();
        }
    },
    /** An ISO week, Monday to Sunday, numbered in its ISO week-based year: {@code 2026-W53}. */
    WEEKLY {
        @Override
        String label(ZonedDateTime time) {
            return String.format(Locale.ROOT, "%d-W%02d", time.get(IsoFields.WEEK_BASED_YEAR),
                    time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }
    },
    /** A calendar month: {@code 2026-12}. */
    MONTHLY {
        @Override
        String label(ZonedDateTime time) {
            return String.format(Locale.ROOT, "%d-%02d", time.getYear(), time.getMonthValue());
        }
    },
    /** A calendar year: {@code 2026}. */
    YEARLY {
        @Override
        String label(ZonedDateTime time) {
            return Integer.toString(time.getYear());
        }
    };

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX", Locale.ROOT);

    /** The label of the bucket holding {@code time} (already in the policy's zone). */
    abstract String label(ZonedDateTime time);

    /** The word in options, reasons and descriptions: {@code daily}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The option that keeps a number of these buckets: {@code --keep-daily}. */
    public String countOption() {
        return "--keep-" + word();
    }

    /** The option that keeps every such bucket in a window: {@code --keep-within-daily}. */
    public String windowOption() {
        return "--keep-within-" + word();
    }
}
