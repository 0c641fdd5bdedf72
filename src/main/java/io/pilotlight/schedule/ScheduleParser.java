package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The schedule syntax of {@code docs/scheduling.md}, one method per kind. */
final class ScheduleParser {
    private static final String KINDS = "expected one of: every 15m [jitter 1m], daily 02:00, weekly mon 02:00,"
            + " hourly :15, cron \"0 */4 * * *\"";
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)");
    private static final Pattern MINUTE = Pattern.compile(":([0-5]\\d)");
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY,
            "sat", DayOfWeek.SATURDAY, "sun", DayOfWeek.SUNDAY);

    private ScheduleParser() {
    }

    static Schedule parse(String text, ZoneId zone) {
        requireNonNull(text, "text is null");
        requireNonNull(zone, "zone is null");
        String trimmed = text.strip();
        String[] words = trimmed.split("\\s+", 2);
        String rest = words.length > 1 ? words[1] : "";
        return switch (words[0].toLowerCase(Locale.ROOT)) {
            case "every" -> every(text, rest.split("\\s+"), zone);
            case "daily" -> new Daily(time(text, rest, "a time HH:MM after \"daily\""), zone);
            case "weekly" -> weekly(text, rest.split("\\s+"), zone);
            case "hourly" -> hourly(text, rest, zone);
            case "cron" -> cron(text, rest, zone);
            default -> throw new InvalidScheduleException(text, KINDS);
        };
    }

    private static Schedule every(String text, String[] words, ZoneId zone) {
        Duration interval = duration(text, words[0], "after \"every\"");
        Duration jitter = Duration.ZERO;
        if (words.length == 3 && words[1].equals("jitter")) {
            jitter = duration(text, words[2], "after \"jitter\"");
        } else if (words.length != 1) {
            throw new InvalidScheduleException(text, "expected \"every <duration>\" or \"every <duration> jitter"
                    + " <duration>\", e.g. every 15m jitter 1m");
        }
        try {
            return new Every(interval, jitter, Duration.ZERO, zone);
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException(text, e.getMessage());
        }
    }

    private static Duration duration(String text, String word, String where) {
        Duration duration = DurationText.parse(word);
        if (duration == null || duration.isZero()) {
            throw new InvalidScheduleException(text, "expected a duration such as 90s, 15m, 1h30m or 1d " + where
                    + ", got \"" + word + "\"");
        }
        return duration;
    }

    private static LocalTime time(String text, String word, String expected) {
        Matcher matcher = TIME.matcher(word);
        if (!matcher.matches()) {
            throw new InvalidScheduleException(text, "expected " + expected + " (00:00 to 23:59), got \"" + word + "\"");
        }
        return LocalTime.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    private static Schedule weekly(String text, String[] words, ZoneId zone) {
        DayOfWeek day = DAYS.get(words[0].toLowerCase(Locale.ROOT));
        if (day == null || words.length != 2) {
            throw new InvalidScheduleException(text, "expected \"weekly <day> HH:MM\" with a day of mon, tue, wed, thu,"
                    + " fri, sat, sun, e.g. weekly mon 02:00");
        }
        return new Weekly(day, time(text, words[1], "a time HH:MM after the day"), zone);
    }

    private static Schedule hourly(String text, String word, ZoneId zone) {
        Matcher matcher = MINUTE.matcher(word);
        if (!matcher.matches()) {
            throw new InvalidScheduleException(text, "expected a minute :MM (:00 to :59) after \"hourly\", got \""
                    + word + "\"");
        }
        return new Hourly(Integer.parseInt(matcher.group(1)), zone);
    }

    private static Schedule cron(String text, String rest, ZoneId zone) {
        if (rest.length() < 2 || !rest.startsWith("\"") || !rest.endsWith("\"")) {
            throw new InvalidScheduleException(text, "expected a quoted unix cron expression after \"cron\","
                    + " e.g. cron \"0 */4 * * *\"");
        }
        try {
            return new Cron(rest.substring(1, rest.length() - 1), zone);
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException(text, e.getMessage());
        }
    }
}
