package io.pilotlight.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void parsesEveryKindAndWritesItBack() {
        assertThat(Schedule.parse("every 15m", ZoneOffset.UTC)).isEqualTo(Every.of(Duration.ofMinutes(15), ZoneOffset.UTC));
        assertThat(Schedule.parse("every 1h30m jitter 90s", BERLIN))
                .isEqualTo(new Every(Duration.ofMinutes(90), Duration.ofSeconds(90), Duration.ZERO, BERLIN));
        assertThat(Schedule.parse("daily 02:00", BERLIN)).isEqualTo(new Daily(LocalTime.of(2, 0), BERLIN));
        assertThat(Schedule.parse("weekly MON 02:00", BERLIN)).isEqualTo(new Weekly(DayOfWeek.MONDAY, LocalTime.of(2, 0), BERLIN));
        assertThat(Schedule.parse("hourly :15", BERLIN)).isEqualTo(new Hourly(15, BERLIN));
        assertThat(Schedule.parse("cron \"0 */4 * * *\"", BERLIN)).isEqualTo(new Cron("0 */4 * * *", BERLIN));
        for (String text : new String[] {"every 15m", "every 1h30m jitter 1m30s", "daily 02:00", "weekly mon 02:00",
                "hourly :05", "cron \"0 */4 * * *\""}) {
            assertThat(Schedule.parse(text, BERLIN).text()).isEqualTo(text);
            assertThat(Schedule.parse(text, BERLIN).zone()).isEqualTo(BERLIN);
        }
    }

    @Test
    void errorsQuoteTheTextAndSayWhatWasExpected() {
        assertParseError("fortnightly", "schedule \"fortnightly\": expected one of: every 15m [jitter 1m], daily 02:00");
        assertParseError("every 15x", "schedule \"every 15x\": expected a duration such as 90s, 15m, 1h30m or 1d"
                + " after \"every\", got \"15x\"");
        assertParseError("every 15m jitter", "expected \"every <duration>\" or \"every <duration> jitter <duration>\"");
        assertParseError("every 15m jitter 15m", "the jitter must be at least 0 and shorter than the interval");
        assertParseError("daily 25:00", "schedule \"daily 25:00\": expected a time HH:MM after \"daily\" (00:00 to"
                + " 23:59), got \"25:00\"");
        assertParseError("weekly funday 02:00", "with a day of mon, tue, wed, thu, fri, sat, sun");
        assertParseError("hourly 15", "expected a minute :MM (:00 to :59) after \"hourly\", got \"15\"");
        assertParseError("cron 0 * * * *", "expected a quoted unix cron expression after \"cron\"");
        assertParseError("cron \"0 */4 * *\"", "schedule \"cron \"0 */4 * *\"\": cron \"0 */4 * *\": expected a unix"
                + " cron expression of five fields");
    }

    private static void assertParseError(String text, String message) {
        assertThatThrownBy(() -> Schedule.parse(text, ZoneOffset.UTC))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidScheduleException) e).text()).isEqualTo(text));
    }

    @Test
    void everyCountsElapsedTimeFromTheEpoch() {
        Schedule every = Schedule.parse("every 15m", BERLIN);
        assertThat(every.next(utc("2026-03-29T00:59:59Z"))).isEqualTo(utc("2026-03-29T01:00:00Z"));
        assertThat(every.next(utc("2026-03-29T01:00:00Z"))).isEqualTo(utc("2026-03-29T01:15:00Z"));
        // the spring-forward gap (02:00 to 03:00 Berlin = 01:00Z) changes nothing: 15 minutes are 15 minutes
        assertThat(every.next(utc("2026-03-29T00:50:00Z"))).isEqualTo(utc("2026-03-29T01:00:00Z"));
    }

    @Test
    void jitterIsStablePerJobBoundedAndSpreadsAFleet() {
        Every every = (Every) Schedule.parse("every 15m jitter 1m", ZoneOffset.UTC);
        Every vm12 = every.forJob("vm-12");
        assertThat(every.forJob("vm-12")).isEqualTo(vm12);
        Set<Duration> offsets = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Duration offset = every.forJob("vm-" + i).offset();
            assertThat(offset).isBetween(Duration.ZERO, Duration.ofSeconds(59));
            offsets.add(offset);
        }
        assertThat(offsets).hasSizeGreaterThan(20);
        Instant ten = utc("2026-03-02T10:00:00Z");
        Instant slot = vm12.next(ten);
        assertThat(slot).isEqualTo(vm12.offset().isZero() ? ten.plus(Duration.ofMinutes(15)) : ten.plus(vm12.offset()));
        assertThat(vm12.next(slot)).isEqualTo(slot.plus(Duration.ofMinutes(15)));
        assertThat(Schedule.parse("every 15m", ZoneOffset.UTC).forJob("vm-12")).isEqualTo(Every.of(Duration.ofMinutes(15), ZoneOffset.UTC));
    }

    @Test
    void dailyRunsOnceOnASpringForwardDayAtTheShiftedTime() {
        Schedule daily = Schedule.parse("daily 02:30", BERLIN);
        Instant saturday = daily.next(utc("2026-03-27T12:00:00Z"));
        Instant sunday = daily.next(saturday);
        Instant monday = daily.next(sunday);
        assertThat(saturday).isEqualTo(utc("2026-03-28T01:30:00Z")); // 02:30 CET
        assertThat(sunday).isEqualTo(utc("2026-03-29T01:30:00Z"));   // 02:30 does not exist: 03:30 CEST
        assertThat(monday).isEqualTo(utc("2026-03-30T00:30:00Z"));   // 02:30 CEST
    }

    @Test
    void dailyRunsOnceOnAFallBackDay() {
        Schedule daily = Schedule.parse("daily 02:30", BERLIN);
        Instant sunday = daily.next(utc("2026-10-24T12:00:00Z"));
        assertThat(sunday).isEqualTo(utc("2026-10-25T00:30:00Z"));   // the first 02:30 (CEST)
        assertThat(daily.next(sunday)).isEqualTo(utc("2026-10-26T01:30:00Z")); // not the second 02:30 (CET)
        assertThat(daily.next(utc("2026-10-25T01:00:00Z"))).isEqualTo(utc("2026-10-26T01:30:00Z"));
    }

    @Test
    void dailyUsesTheZone() {
        assertThat(Schedule.parse("daily 02:00", ZoneId.of("America/New_York")).next(utc("2026-12-02T00:00:00Z")))
                .isEqualTo(utc("2026-12-02T07:00:00Z"));
        assertThat(Schedule.parse("daily 02:00", ZoneOffset.UTC).next(utc("2026-12-02T02:00:00Z")))
                .isEqualTo(utc("2026-12-03T02:00:00Z"));
    }

    @Test
    void weeklyRunsOnItsDayInItsZone() {
        Schedule weekly = Schedule.parse("weekly mon 02:00", ZoneId.of("America/New_York"));
        Instant first = weekly.next(utc("2026-12-02T00:00:00Z")); // a Wednesday
        assertThat(first).isEqualTo(utc("2026-12-07T07:00:00Z"));
        assertThat(weekly.next(first)).isEqualTo(utc("2026-12-14T07:00:00Z"));
        assertThat(weekly.next(utc("2026-12-07T06:59:59Z"))).isEqualTo(first);
    }

    @Test
    void hourlyFollowsTheLocalHourAndRunsTwiceInARepeatedHour() {
        Schedule kolkata = Schedule.parse("hourly :15", ZoneId.of("Asia/Kolkata")); // UTC+05:30
        assertThat(kolkata.next(utc("2026-12-02T00:00:00Z"))).isEqualTo(utc("2026-12-02T00:45:00Z"));
        assertThat(kolkata.next(utc("2026-12-02T00:45:00Z"))).isEqualTo(utc("2026-12-02T01:45:00Z"));
        Schedule berlin = Schedule.parse("hourly :15", BERLIN);
        Instant first = berlin.next(utc("2026-10-25T00:00:00Z")); // 02:15 CEST
        assertThat(first).isEqualTo(utc("2026-10-25T00:15:00Z"));
        assertThat(berlin.next(first)).isEqualTo(utc("2026-10-25T01:15:00Z")); // 02:15 CET, an hour later
    }

    @Test
    void cronIsUnixCronInTheZone() {
        Schedule everyFourHours = Schedule.parse("cron \"0 */4 * * *\"", ZoneOffset.UTC);
        assertThat(everyFourHours.next(utc("2026-12-02T01:00:00Z"))).isEqualTo(utc("2026-12-02T04:00:00Z"));
        assertThat(everyFourHours.next(utc("2026-12-02T04:00:00Z"))).isEqualTo(utc("2026-12-02T08:00:00Z"));
        Schedule berlinNight = Schedule.parse("cron \"30 2 * * 1-5\"", BERLIN);
        assertThat(berlinNight.next(utc("2026-12-04T12:00:00Z"))).isEqualTo(utc("2026-12-07T01:30:00Z"));
    }

    @Test
    void recordsRejectWhatTheSyntaxCannotSay() {
        assertThatThrownBy(() -> new Hourly(60, BERLIN)).hasMessage("hourly :60: the minute must lie in 0..59");
        assertThatThrownBy(() -> Every.of(Duration.ofMillis(10), BERLIN)).hasMessageContaining("at least 1s");
        assertThatThrownBy(() -> new Daily(LocalTime.of(2, 0, 30), BERLIN)).hasMessageContaining("whole minutes");
        assertThatThrownBy(() -> new Daily(LocalTime.of(2, 0), null)).hasMessage("zone is null");
    }

    private static Instant utc(String text) {
        return Instant.parse(text);
    }
}
