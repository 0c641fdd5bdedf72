package io.pilotlight.retention;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A span of calendar time reaching back from the newest point, as written after a
 * {@code --keep-within*} option: numbers with units, largest unit first, each unit at most once, as
 * in {@code 36h}, {@code 7d}, {@code 2w}, {@code 1y6mo} or {@code 1d12h30min}. Units: {@code y}
 * (calendar years), {@code mo} (calendar months), {@code w} (7 calendar days), {@code d} (calendar
 * days), {@code h} (hours), {@code min} (minutes). A bare {@code m} is refused as ambiguous (restic
 * reads it as months, many people as minutes).
 *
 * <p>Years, months, weeks and days are counted on the calendar of the policy's time zone, so
 * {@code 1y} is 365 or 366 days, {@code 1mo} 28 to 31 days (from 31 March, one month back is
 * 28 or 29 February) and {@code 1d} 23, 24 or 25 hours around a daylight saving change; hours and
 * minutes are exact. See {@link #start(Instant, ZoneId)}.
 */
public record Window(int years, int months, int weeks, int days, int hours, int minutes) {
    /** The largest number one unit may carry: a million, far beyond any retention yet inside java.time. */
    static final int MAX_NUMBER = 1_000_000;
    private static final List<String> UNITS = List.of("y", "mo", "w", "d", "h", "min");
    private static final Pattern PART = Pattern.compile("(\\d+)([a-z]+)");

    public Window {
        String problem = problem(new int[] {years, months, weeks, days, hours, minutes});
        if (problem != null) {
            throw new IllegalArgumentException("window: " + problem);
        }
    }

    /** What is wrong with these numbers (years to minutes), or null when they make a window. */
    private static String problem(int[] numbers) {
        long total = 0;
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i] < 0 || numbers[i] > MAX_NUMBER) {
                return numbers[i] + UNITS.get(i) + " is out of range: each number must be between 0 and " + MAX_NUMBER;
            }
            total += numbers[i];
        }
        return total == 0 ? "must be longer than zero" : null;
    }

    /**
     * Parses {@code text} as given after {@code option} (named in every error), e.g.
     * {@code parse("--keep-within", "7d")}.
     */
    public static Window parse(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(option + ": expected a duration such as 36h, 7d, 2w or 1y6mo, got nothing");
        }
        int[] numbers = new int[UNITS.size()];
        int lastUnit = -1;
        Matcher part = PART.matcher(text);
        int position = 0;
        while (position < text.length()) {
            if (!part.find(position) || part.start() != position) {
                throw malformed(option, text);
            }
            int unit = unitIndex(option, text, part.group(2));
            if (unit <= lastUnit) {
                throw new IllegalArgumentException(option + " '" + text + "': units must go from largest to smallest,"
                        + " each at most once (" + String.join(", ", UNITS) + ")");
            }
            numbers[unit] = number(option, text, part.group(1));
            lastUnit = unit;
            position = part.end();
        }
        String problem = problem(numbers);
        if (problem != null) {
            throw new IllegalArgumentException(option + " '" + text + "': " + problem);
        }
        return new Window(numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5]);
    }

    private static int unitIndex(String option, String text, String unit) {
        if (unit.equals("m")) {
            throw new IllegalArgumentException(option + " '" + text + "': unit 'm' is ambiguous;"
                    + " write 'min' for minutes or 'mo' for months");
        }
        int index = UNITS.indexOf(unit);
        if (index < 0) {
            throw new IllegalArgumentException(option + " '" + text + "': unknown unit '" + unit
                    + "'; valid units are " + String.join(", ", UNITS));
        }
        return index;
    }

    private static int number(String option, String text, String digits) {
        try {
            int number = Integer.parseInt(digits);
            if (number <= MAX_NUMBER) {
                return number;
            }
        } catch (NumberFormatException tooLong) {
            // falls through to the same error as any number too large
        }
        throw new IllegalArgumentException(option + " '" + text + "': " + digits + " is too large (at most " + MAX_NUMBER + ")");
    }

    private static IllegalArgumentException malformed(String option, String text) {
        return new IllegalArgumentException(option + " '" + text + "': expected numbers with units, largest first,"
                + " such as 36h, 7d, 2w or 1y6mo (units " + String.join(", ", UNITS) + ")");
    }

    /**
     * The instant this window reaches back to from {@code newest}: calendar years, months, weeks and
     * days back on the calendar of {@code zone} (keeping the local time of day, clamping a day that
     * the month lacks), then hours and minutes back exactly. A point is inside the window when it is
     * strictly after this instant. A window reaching before the first representable date starts
     * there.
     */
    public Instant start(Instant newest, ZoneId zone) {
        try {
            ZonedDateTime local = newest.atZone(zone).minusYears(years).minusMonths(months)
                    .minusDays(7L * weeks + days);
            return local.toInstant().minusSeconds(3600L * hours + 60L * minutes);
        } catch (DateTimeException | ArithmeticException beforeTime) {
            return Instant.MIN;
        }
    }

    /** The canonical text, largest unit first, e.g. {@code 1y6mo} or {@code 2w}; parses back to this window. */
    @Override
    public String toString() {
        int[] numbers = {years, months, weeks, days, hours, minutes};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i] > 0) {
                text.append(numbers[i]).append(UNITS.get(i));
            }
        }
        return text.toString();
    }
}
