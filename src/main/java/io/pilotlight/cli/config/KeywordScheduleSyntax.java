package io.pilotlight.cli.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schedule check this package can make alone: a known keyword and the shape of each form
 * ({@code every 15m [jitter 1m]}, {@code daily 02:00}, {@code weekly mon 02:00}, {@code hourly :15},
 * {@code cron "0 *&#47;4 * * *"} with five fields). Cron field values are not checked here: the scheduler
 * does that.
 */
public final class KeywordScheduleSyntax implements ScheduleSyntax {
    static final List<String> KEYWORDS = List.of("every", "daily", "weekly", "hourly", "cron");
    private static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]";
    private static final Pattern EVERY = Pattern.compile("every (\\S+)(?: jitter (\\S+))?");
    private static final Pattern DAILY = Pattern.compile("daily " + TIME);
    private static final Pattern WEEKLY = Pattern.compile("weekly (mon|tue|wed|thu|fri|sat|sun) " + TIME);
    private static final Pattern HOURLY = Pattern.compile("hourly :[0-5][0-9]");
    private static final Pattern CRON = Pattern.compile("cron \"\\S+( \\S+){4}\"");
    private static final String HINT = "forms: every 15m [jitter 1m], daily 02:00, weekly mon 02:00, hourly :15, "
            + "cron \"0 */4 * * *\"";

    @Override
    public void check(String text) {
        String keyword = text.strip().split(" ", 2)[0];
        if (!KEYWORDS.contains(keyword)) {
            String near = NearestKey.to(keyword, KEYWORDS).map(word -> "did you mean '" + word + "'? ").orElse("");
            throw new InvalidValue("schedule '" + text + "' does not start with one of " + String.join(", ", KEYWORDS),
                    near + HINT);
        }
        Pattern form = switch (keyword) {
            case "every" -> EVERY;
            case "daily" -> DAILY;
            case "weekly" -> WEEKLY;
            case "hourly" -> HOURLY;
            default -> CRON;
        };
        Matcher matcher = form.matcher(text.strip());
        if (!matcher.matches()) {
            throw new InvalidValue("schedule '" + text + "' is not a valid '" + keyword + "' schedule", HINT);
        }
        if (keyword.equals("every")) {
            ConfigDuration.parse(matcher.group(1));
            if (matcher.group(2) != null) {
                ConfigDuration.parse(matcher.group(2));
            }
        }
    }

    @Override
    public Optional<Duration> interval(String text) {
        String keyword = text.strip().split(" ", 2)[0];
        return switch (keyword) {
            case "every" -> Optional.of(ConfigDuration.parse(text.strip().split(" ")[1]));
            case "hourly" -> Optional.of(Duration.ofHours(1));
            case "daily" -> Optional.of(Duration.ofDays(1));
            case "weekly" -> Optional.of(Duration.ofDays(7));
            default -> Optional.empty();
        };
    }
}
