package io.pilotlight.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Retention#decide} on dates alone: each rule, their combinations, zones, DST and ISO weeks. */
class RetentionTest {
    static final ZoneId UTC = ZoneId.of("UTC");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Candidate point(String id, String time) {
        return new Candidate(id, Instant.parse(time));
    }

    /** A policy of option and value pairs, as the command line gives them. */
    static RetentionPolicy policy(String... optionsAndValues) {
        RetentionPolicy policy = RetentionPolicy.EMPTY;
        for (int i = 0; i < optionsAndValues.length; i += 2) {
            policy = policy.with(optionsAndValues[i], optionsAndValues[i + 1]);
        }
        return policy;
    }

    /** Id to reasons (none: removed), newest first. */
    static Map<String, List<String>> decide(RetentionPolicy policy, ZoneId zone, Candidate... points) {
        Map<String, List<String>> outcome = new LinkedHashMap<>();
        for (Decision decision : Retention.decide(List.of(points), policy, zone)) {
            outcome.put(decision.point().id(), decision.reasons());
        }
        return outcome;
    }

    /** Six points over three days in December 2026, given oldest first. */
    static final Candidate[] WEEK = {
        point("d1-06", "2026-12-01T06:00:00Z"), point("d1-18", "2026-12-01T18:00:00Z"),
        point("d2-06", "2026-12-02T06:00:00Z"), point("d2-18", "2026-12-02T18:00:00Z"),
        point("d4-06", "2026-12-04T06:00:00Z"), point("d4-18", "2026-12-04T18:00:00Z"),
    };

    @Test
    void keepLastKeepsTheNNewest() {
        assertThat(decide(policy("--keep-last", "3"), UTC, WEEK)).containsExactly(
                entry("d4-18", List.of("newest", "last 1")), entry("d4-06", List.of("last 2")),
                entry("d2-18", List.of("last 3")), entry("d2-06", List.of()),
                entry("d1-18", List.of()), entry("d1-06", List.of()));
    }

    @Test
    void keepDailyKeepsTheNewestPointOfTheMostRecentDaysThatHaveAPoint() {
        assertThat(decide(policy("--keep-daily", "2"), UTC, WEEK)).containsExactly(
                entry("d4-18", List.of("newest", "daily 2026-12-04")), entry("d4-06", List.of()),
                entry("d2-18", List.of("daily 2026-12-02")), entry("d2-06", List.of()),
                entry("d1-18", List.of()), entry("d1-06", List.of()));
    }

    @Test
    void keepHourlyCountsClockHours() {
        assertThat(decide(policy("--keep-hourly", "2"), UTC,
                point("a", "2026-12-01T10:05:00Z"), point("b", "2026-12-01T10:55:00Z"),
                point("c", "2026-12-01T11:10:00Z"), point("d", "2026-12-01T11:50:00Z")))
                .containsExactly(entry("d", List.of("newest", "hourly 2026-12-01T11:00Z")), entry("c", List.of()),
                        entry("b", List.of("hourly 2026-12-01T10:00Z")), entry("a", List.of()));
    }

    @Test
    void keepWeeklyMonthlyAndYearlyEachKeepTheNewestOfTheirBuckets() {
        Candidate[] points = {
            point("2025-06", "2025-06-15T12:00:00Z"), point("2026-10", "2026-10-20T12:00:00Z"),
            point("2026-11a", "2026-11-02T12:00:00Z"), point("2026-11b", "2026-11-06T12:00:00Z"),
            point("2026-11c", "2026-11-09T12:00:00Z"),
        };
        assertThat(decide(policy("--keep-weekly", "2"), UTC, points)).containsExactly(
                entry("2026-11c", List.of("newest", "weekly 2026-W46")),
                entry("2026-11b", List.of("weekly 2026-W45")), entry("2026-11a", List.of()),
                entry("2026-10", List.of()), entry("2025-06", List.of()));
        assertThat(decide(policy("--keep-monthly", "5"), UTC, points)).containsExactly(
                entry("2026-11c", List.of("newest", "monthly 2026-11")), entry("2026-11b", List.of()),
                entry("2026-11a", List.of()), entry("2026-10", List.of("monthly 2026-10")),
                entry("2025-06", List.of("monthly 2025-06")));
        assertThat(decide(policy("--keep-yearly", "1"), UTC, points)).containsExactly(
                entry("2026-11c", List.of("newest", "yearly 2026")), entry("2026-11b", List.of()),
                entry("2026-11a", List.of()), entry("2026-10", List.of()), entry("2025-06", List.of()));
    }

    @Test
    void rulesAreIndependentAndOred() {
        assertThat(decide(policy("--keep-last", "2", "--keep-daily", "3", "--keep-monthly", "2"), UTC, WEEK))
                .containsExactly(
                        entry("d4-18", List.of("newest", "last 1", "daily 2026-12-04", "monthly 2026-12")),
                        entry("d4-06", List.of("last 2")), entry("d2-18", List.of("daily 2026-12-02")),
                        entry("d2-06", List.of()), entry("d1-18", List.of("daily 2026-12-01")),
                        entry("d1-06", List.of()));
    }

    @Test
    void theNewestPointTakesASlotInEveryBucketRule() {
        assertThat(decide(policy("--keep-last", "1", "--keep-hourly", "1", "--keep-daily", "1", "--keep-weekly", "1",
                "--keep-monthly", "1", "--keep-yearly", "1"), UTC, WEEK)).containsExactly(
                        entry("d4-18", List.of("newest", "last 1", "hourly 2026-12-04T18:00Z", "daily 2026-12-04",
                                "weekly 2026-W49", "monthly 2026-12", "yearly 2026")),
                        entry("d4-06", List.of()), entry("d2-18", List.of()), entry("d2-06", List.of()),
                        entry("d1-18", List.of()), entry("d1-06", List.of()));
    }

    @Test
    void unlimitedKeepsEveryPointOrEveryBucket() {
        assertThat(decide(policy("--keep-last", "unlimited"), UTC, WEEK).values()).allMatch(reasons -> !reasons.isEmpty());
        assertThat(decide(policy("--keep-daily", "unlimited"), UTC, WEEK)).containsExactly(
                entry("d4-18", List.of("newest", "daily 2026-12-04")), entry("d4-06", List.of()),
                entry("d2-18", List.of("daily 2026-12-02")), entry("d2-06", List.of()),
                entry("d1-18", List.of("daily 2026-12-01")), entry("d1-06", List.of()));
        assertThat(decide(policy("--keep-last", "-1"), UTC, WEEK)).isEqualTo(decide(policy("--keep-last", "unlimited"), UTC, WEEK));
    }

    @Test
    void aCountLargerThanThePointsKeepsThemAll() {
        assertThat(decide(policy("--keep-last", "100"), UTC, WEEK).values()).allMatch(reasons -> !reasons.isEmpty());
    }

    @Test
    void keepWithinIsMeasuredBackFromTheNewestPointSoAStalledSourceKeepsItsLastWeek() {
        // daily points at noon in October 2026; the source stalled on 31 October, forget runs in December
        List<Candidate> october = new ArrayList<>();
        for (int day = 1; day <= 31; day++) {
            october.add(point("oct-" + day, String.format("2026-10-%02dT12:00:00Z", day)));
        }
        List<Decision> decisions = Retention.decide(october, policy("--keep-within", "7d"), UTC);
        assertThat(decisions.stream().filter(Decision::keep).map(decision -> decision.point().id()))
                .containsExactly("oct-31", "oct-30", "oct-29", "oct-28", "oct-27", "oct-26", "oct-25");
        assertThat(decisions.get(1).reasons()).containsExactly("within 7d");
        assertThat(decisions.get(0).reasons()).containsExactly("newest", "within 7d");
    }

    @Test
    void aPointExactlyAtTheWindowsStartIsOutside() {
        assertThat(decide(policy("--keep-within", "36h"), UTC, point("old", "2026-12-01T00:00:00Z"),
                point("edge", "2026-12-01T12:00:00Z"), point("in", "2026-12-01T12:00:01Z"),
                point("new", "2026-12-03T00:00:00Z"))).containsExactly(
                        entry("new", List.of("newest", "within 36h")), entry("in", List.of("within 36h")),
                        entry("edge", List.of()), entry("old", List.of()));
    }

    @Test
    void theTimeZoneDecidesTheDay() {
        // 23:30 UTC on 1 December is 00:30 on 2 December in Berlin
        Candidate late = point("late", "2026-12-01T23:30:00Z");
        Candidate evening = point("evening", "2026-12-01T22:00:00Z");
        assertThat(decide(policy("--keep-daily", "7"), UTC, late, evening)).containsExactly(
                entry("late", List.of("newest", "daily 2026-12-01")), entry("evening", List.of()));
        assertThat(decide(policy("--keep-daily", "7"), BERLIN, late, evening)).containsExactly(
                entry("late", List.of("newest", "daily 2026-12-02")), entry("evening", List.of("daily 2026-12-01")));
    }

    @Test
    void aDaylightSavingDayInBerlinIsOneDailyBucketOf25Hours() {
        // clocks go back at 03:00 CEST on 25 October 2026: that day lasts 25 hours
        Candidate lateOn24th = point("24-23:30", "2026-10-24T21:30:00Z");
        Candidate earlyOn25th = point("25-00:30", "2026-10-24T22:30:00Z");
        Candidate lateOn25th = point("25-23:30", "2026-10-25T22:30:00Z");
        assertThat(decide(policy("--keep-daily", "unlimited"), BERLIN, lateOn24th, earlyOn25th, lateOn25th))
                .containsExactly(entry("25-23:30", List.of("newest", "daily 2026-10-25")),
                        entry("25-00:30", List.of()), entry("24-23:30", List.of("daily 2026-10-24")));
    }

    @Test
    void theHourRepeatedWhenClocksGoBackIsTwoHourlyBuckets() {
        assertThat(decide(policy("--keep-hourly", "unlimited"), BERLIN, point("summer", "2026-10-25T00:30:00Z"),
                point("winter", "2026-10-25T01:30:00Z"))).containsExactly(
                        entry("winter", List.of("newest", "hourly 2026-10-25T02:00+01:00")),
                        entry("summer", List.of("hourly 2026-10-25T02:00+02:00")));
    }

    @Test
    void aDayOfWindowIsACalendarDayOfTheZoneSo23HoursWhenClocksGoForward() {
        // clocks go forward at 02:00 CET on 29 March 2026; newest is 12:00 CEST that day (10:00 UTC)
        Candidate[] points = {point("23.5h-before", "2026-03-28T10:30:00Z"), point("22.5h-before", "2026-03-28T11:30:00Z"),
            point("newest", "2026-03-29T10:00:00Z")};
        assertThat(decide(policy("--keep-within", "1d"), BERLIN, points)).containsExactly(
                entry("newest", List.of("newest", "within 1d")), entry("22.5h-before", List.of("within 1d")),
                entry("23.5h-before", List.of()));
        assertThat(decide(policy("--keep-within", "1d"), UTC, points).get("23.5h-before")).containsExactly("within 1d");
        assertThat(decide(policy("--keep-within", "24h"), BERLIN, points).get("23.5h-before")).containsExactly("within 24h");
    }

    @Test
    void isoWeeksRunMondayToSundayAcrossTheYearEnd() {
        // 2026-W53 runs from Monday 28 December 2026 to Sunday 3 January 2027
        Candidate[] points = {point("sun-27", "2026-12-27T12:00:00Z"), point("mon-28", "2026-12-28T12:00:00Z"),
            point("thu-31", "2026-12-31T12:00:00Z"), point("fri-01", "2027-01-01T12:00:00Z"),
            point("sun-03", "2027-01-03T12:00:00Z"), point("mon-04", "2027-01-04T12:00:00Z")};
        assertThat(decide(policy("--keep-weekly", "unlimited"), UTC, points)).containsExactly(
                entry("mon-04", List.of("newest", "weekly 2027-W01")), entry("sun-03", List.of("weekly 2026-W53")),
                entry("fri-01", List.of()), entry("thu-31", List.of()), entry("mon-28", List.of()),
                entry("sun-27", List.of("weekly 2026-W52")));
        assertThat(decide(policy("--keep-yearly", "unlimited"), UTC, points)).containsExactly(
                entry("mon-04", List.of("newest", "yearly 2027")), entry("sun-03", List.of()),
                entry("fri-01", List.of()), entry("thu-31", List.of("yearly 2026")), entry("mon-28", List.of()),
                entry("sun-27", List.of()));
    }

    @Test
    void keepWithinDailyKeepsTheNewestPointOfEveryDayInsideTheWindow() {
        // newest 4 Dec 18:00; 2d back is 2 Dec 18:00: d2-18 sits on the edge (outside), so 2 December keeps nothing
        assertThat(decide(policy("--keep-within-daily", "2d"), UTC, WEEK)).containsExactly(
                entry("d4-18", List.of("newest", "within-daily 2026-12-04")), entry("d4-06", List.of()),
                entry("d2-18", List.of()), entry("d2-06", List.of()), entry("d1-18", List.of()), entry("d1-06", List.of()));
        // 2d12h back is 2 Dec 06:00: d2-18 is the newest of 2 December inside the window
        assertThat(decide(policy("--keep-within-daily", "2d12h"), UTC, WEEK)).containsExactly(
                entry("d4-18", List.of("newest", "within-daily 2026-12-04")), entry("d4-06", List.of()),
                entry("d2-18", List.of("within-daily 2026-12-02")), entry("d2-06", List.of()),
                entry("d1-18", List.of()), entry("d1-06", List.of()));
    }

    @Test
    void aBucketCutByTheWindowKeepsItsNewestPointInsideTheWindow() {
        // 3d back from 4 Dec 18:00 is 1 Dec 18:00: d1-18 sits on the edge (outside), so 1 December keeps nothing
        // while 3d1h reaches 1 Dec 17:00 and keeps d1-18 only
        assertThat(decide(policy("--keep-within-daily", "3d"), UTC, WEEK).get("d1-18")).isEmpty();
        assertThat(decide(policy("--keep-within-daily", "3d1h"), UTC, WEEK)).containsExactly(
                entry("d4-18", List.of("newest", "within-daily 2026-12-04")), entry("d4-06", List.of()),
                entry("d2-18", List.of("within-daily 2026-12-02")), entry("d2-06", List.of()),
                entry("d1-18", List.of("within-daily 2026-12-01")), entry("d1-06", List.of()));
    }

    @Test
    void keepWithinHourlyWeeklyMonthlyAndYearly() {
        assertThat(decide(policy("--keep-within-hourly", "12h"), UTC, WEEK)).containsExactly(
                entry("d4-18", List.of("newest", "within-hourly 2026-12-04T18:00Z")),
                entry("d4-06", List.of()), entry("d2-18", List.of()), entry("d2-06", List.of()),
                entry("d1-18", List.of()), entry("d1-06", List.of()));
        Candidate[] points = {point("2024", "2024-03-01T00:00:00Z"), point("2025-a", "2025-05-01T00:00:00Z"),
            point("2025-b", "2025-11-30T00:00:00Z"), point("2026-a", "2026-10-01T00:00:00Z"),
            point("2026-b", "2026-11-30T00:00:00Z"), point("2026-c", "2026-12-02T00:00:00Z")};
        assertThat(decide(policy("--keep-within-weekly", "1w"), UTC, points)).containsExactly(
                entry("2026-c", List.of("newest", "within-weekly 2026-W49")), entry("2026-b", List.of()),
                entry("2026-a", List.of()), entry("2025-b", List.of()), entry("2025-a", List.of()), entry("2024", List.of()));
        assertThat(decide(policy("--keep-within-monthly", "1y"), UTC, points)).containsExactly(
                entry("2026-c", List.of("newest", "within-monthly 2026-12")),
                entry("2026-b", List.of("within-monthly 2026-11")), entry("2026-a", List.of("within-monthly 2026-10")),
                entry("2025-b", List.of()), entry("2025-a", List.of()), entry("2024", List.of()));
        assertThat(decide(policy("--keep-within-yearly", "2y"), UTC, points)).containsExactly(
                entry("2026-c", List.of("newest", "within-yearly 2026")), entry("2026-b", List.of()),
                entry("2026-a", List.of()), entry("2025-b", List.of("within-yearly 2025")), entry("2025-a", List.of()),
                entry("2024", List.of()));
    }

    @Test
    void reasonsFollowTheRuleOrder() {
        assertThat(decide(policy("--keep-within-daily", "1d", "--keep-within", "1d", "--keep-yearly", "1", "--keep-last", "1"),
                UTC, WEEK).get("d4-18"))
                .containsExactly("newest", "last 1", "yearly 2026", "within 1d", "within-daily 2026-12-04");
    }

    @Test
    void pointsAtTheSameTimeAreOrderedByIdTheGreaterCountingAsNewer() {
        Candidate[] points = {point("b", "2026-12-01T00:00:00Z"), point("c", "2026-12-01T00:00:00Z"),
            point("a", "2026-12-01T00:00:00Z")};
        assertThat(decide(policy("--keep-last", "2"), UTC, points)).containsExactly(
                entry("c", List.of("newest", "last 1")), entry("b", List.of("last 2")), entry("a", List.of()));
    }

    @Test
    void anEmptyPolicyIsRefused() {
        assertThatThrownBy(() -> Retention.decide(List.of(WEEK), RetentionPolicy.EMPTY, UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retention policy is empty: give at least one --keep-* option"
                        + " (to forget every point but the newest, say --keep-last 1)");
        assertThatThrownBy(() -> Retention.decide(List.of(), RetentionPolicy.EMPTY, UTC))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noPointsNoDecisions() {
        assertThat(Retention.decide(List.of(), policy("--keep-last", "1"), UTC)).isEmpty();
    }

    @Test
    void aSinglePointIsKept() {
        assertThat(decide(policy("--keep-within", "1h"), UTC, point("only", "2026-12-01T00:00:00Z")))
                .containsExactly(entry("only", List.of("newest", "within 1h")));
    }

    @Test
    void twoPointsWithOneIdAreRefused() {
        assertThatThrownBy(() -> Retention.decide(List.of(point("x", "2026-12-01T00:00:00Z"),
                point("x", "2026-12-02T00:00:00Z")), policy("--keep-last", "1"), UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("point id 'x' appears more than once; every point must have its own id");
    }

    @Test
    void decisionsComeNewestFirstWhateverTheInputOrder() {
        List<Candidate> shuffled = List.of(WEEK[3], WEEK[0], WEEK[5], WEEK[1], WEEK[4], WEEK[2]);
        assertThat(Retention.decide(shuffled, policy("--keep-daily", "2"), UTC))
                .isEqualTo(Retention.decide(List.of(WEEK), policy("--keep-daily", "2"), UTC))
                .extracting(decision -> decision.point().id())
                .containsExactly("d4-18", "d4-06", "d2-18", "d2-06", "d1-18", "d1-06");
    }

    /** The worked example of docs/retention.md, in both zones it shows. */
    @Test
    void theWorkedExampleOfTheDocs() {
        Candidate[] points = {point("p1", "2026-11-20T12:00:00Z"), point("p2", "2026-11-25T08:00:00Z"),
            point("p3", "2026-11-27T20:00:00Z"), point("p4", "2026-11-29T23:30:00Z"), point("p5", "2026-11-30T06:00:00Z"),
            point("p6", "2026-11-30T18:00:00Z"), point("p7", "2026-12-01T06:00:00Z"), point("p8", "2026-12-01T12:00:00Z"),
            point("p9", "2026-12-01T18:00:00Z")};
        RetentionPolicy policy = policy("--keep-last", "2", "--keep-daily", "3", "--keep-weekly", "3", "--keep-within", "1d");
        assertThat(policy.describe(UTC)).isEqualTo("last 2, daily 3, weekly 3, within 1d (zone UTC)");
        assertThat(decide(policy, UTC, points)).containsExactly(
                entry("p9", List.of("newest", "last 1", "daily 2026-12-01", "weekly 2026-W49", "within 1d")),
                entry("p8", List.of("last 2", "within 1d")), entry("p7", List.of("within 1d")),
                entry("p6", List.of("daily 2026-11-30")), entry("p5", List.of()),
                entry("p4", List.of("daily 2026-11-29", "weekly 2026-W48")), entry("p3", List.of()),
                entry("p2", List.of()), entry("p1", List.of("weekly 2026-W47")));
        Map<String, List<String>> berlin = decide(policy, BERLIN, points);
        assertThat(berlin.get("p4")).isEmpty();
        assertThat(berlin.get("p3")).containsExactly("daily 2026-11-27", "weekly 2026-W48");
        berlin.remove("p4");
        berlin.remove("p3");
        Map<String, List<String>> utc = decide(policy, UTC, points);
        utc.remove("p4");
        utc.remove("p3");
        assertThat(berlin).isEqualTo(utc);
    }

    @Test
    void candidatesAndDecisionsValidate() {
        assertThatThrownBy(() -> new Candidate(" ", Instant.EPOCH)).hasMessage("candidate id is blank (at 1970-01-01T00:00:00Z)");
        assertThatThrownBy(() -> new Candidate("p", Instant.parse("+10000-01-01T00:00:00Z")))
                .hasMessage("candidate p: time +10000-01-01T00:00:00Z is outside the years 0000 to 9999");
        Decision removed = new Decision(WEEK[0], List.of());
        assertThat(removed.keep()).isFalse();
        assertThat(removed).hasToString("d1-06 2026-12-01T06:00:00Z remove");
        assertThat(new Decision(WEEK[0], List.of("newest", "last 1")))
                .hasToString("d1-06 2026-12-01T06:00:00Z keep: newest, last 1");
    }
}
