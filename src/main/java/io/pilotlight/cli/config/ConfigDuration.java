package io.pilotlight.cli.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in the configuration: numbers with units, largest first, as in {@code 30s}, {@code 15m},
 * {@code 2h}, {@code 7d} or {@code 1h30m}; units {@code s}, {@code m} (minutes), {@code h}, {@code d}
 * (24 hours). Zero is refused. (Retention windows use their own calendar syntax, see
 * {@link io.pilotlight.retention.Window}.)
 */
final class ConfigDuration {
    private static final Pattern WHOLE = Pattern.compile("(?:[0-9]{1,6}[dhms])+");
    private static final Pattern PART = Pattern.compile("([0-9]{1,6})([dhms])");
    private static final String UNITS = "dhms";
    static final String HINT = "write a number and a unit, largest first: 30s, 15m, 2h, 7d, 1h30m";

    private ConfigDuration() {}

    static Duration parse(String text) {
        if (!WHOLE.matcher(text).matches()) {
            throw new InvalidValue("bad duration '" + text + "'", HINT);
        }
        Duration total = Duration.ZERO;
        int lastUnit = -1;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            int unit = UNITS.indexOf(part.group(2));
            if (unit <= lastUnit) {
                throw new InvalidValue("bad duration '" + text + "': units out of order or repeated", HINT);
            }
            lastUnit = unit;
            long number = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "d" -> Duration.ofDays(number);
                case "h" -> Duration.ofHours(number);
                case "m" -> Duration.ofMinutes(number);
                default -> Duration.ofSeconds(number);
            });
        }
        if (total.isZero()) {
            throw new InvalidValue("bad duration '" + text + "': must be longer than zero", HINT);
        }
        return total;
    }

    /** The shortest text that {@link #parse} reads back: {@code 1h30m}, {@code 7d}. */
    static String format(Duration duration) {
        StringBuilder text = new StringBuilder();
        long seconds = duration.getSeconds();
        long[] sizes = {86_400, 3_600, 60, 1};
        for (int i = 0; i < sizes.length; i++) {
            if (seconds >= sizes[i]) {
                text.append(seconds / sizes[i]).append(UNITS.charAt(i));
                seconds %= sizes[i];
            }
        }
        return text.toString();
    }
}
