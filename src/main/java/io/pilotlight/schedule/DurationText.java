package io.pilotlight.schedule;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in schedules: {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 2d}. */
final class DurationText {
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private DurationText() {
    }

    /** The duration, or null if {@code text} is not one. */
    static Duration parse(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (text.isEmpty() || !matcher.matches()) {
            return null;
        }
        try {
            return Duration.ofDays(number(matcher.group(1))).plusHours(number(matcher.group(2)))
                    .plusMinutes(number(matcher.group(3))).plusSeconds(number(matcher.group(4)));
        } catch (ArithmeticException e) {
            return null;
        }
    }

    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        append(text, duration.toDaysPart(), "d");
        append(text, duration.toHoursPart(), "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        return text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount != 0) {
            text.append(amount).append(unit);
        }
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
