package io.pilotlight.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.WeekFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random points under random policies in zones with odd offsets and daylight saving: the invariants
 * of {@link Retention#decide} hold, and each bucket rule keeps what an independent, naive oracle
 * (its own bucket keys, grouping instead of scanning) says it keeps.
 */
class RetentionPropertyTest {
    private static final int RUNS = 1500;
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/Sao_Paulo"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Lord_Howe"),
            ZoneId.of("Pacific/Chatham"), ZoneId.of("America/St_Johns"));
    private static final List<Duration> SPANS = List.of(Duration.ofHours(3), Duration.ofDays(3), Duration.ofDays(70),
            Duration.ofDays(3 * 365), Duration.ofDays(40 * 365));
    private static final Map<Bucket, Function<ZonedDateTime, Object>> ORACLE_KEYS = Map.of(
            Bucket.HOURLY, time -> time.truncatedTo(ChronoUnit.HOURS).toOffsetDateTime(),
            Bucket.DAILY, time -> time.toLocalDate(),
            Bucket.WEEKLY, time -> List.of(time.get(WeekFields.ISO.weekBasedYear()), time.get(WeekFields.ISO.weekOfWeekBasedYear())),
            Bucket.MONTHLY, time -> List.of(time.getYear(), time.getMonthValue()),
            Bucket.YEARLY, ZonedDateTime::getYear);

    @Test
    void invariantsHoldForRandomPointsAndPolicies() {
        for (int seed = 0; seed < RUNS; seed++) {
            Random random = new Random(seed);
            List<Candidate> points = randomPoints(random);
            RetentionPolicy policy = randomPolicy(random);
            ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
            String run = "seed " + seed + ", " + policy.describe(zone) + ", " + points.size() + " points";
            List<Decision> decisions = Retention.decide(points, policy, zone);

            checkShape(run, points, decisions);
            checkLast(run, policy, decisions);
            checkBuckets(run, policy, zone, decisions);
            checkWithin(run, policy, zone, decisions);
            checkDeterministic(run, points, policy, zone, decisions, random);
            checkAddingARuleRemovesNothing(run, points, policy, zone, decisions, random);
        }
    }

    private static void checkShape(String run, List<Candidate> points, List<Decision> decisions) {
        List<Candidate> newestFirst = new ArrayList<>(points);
        newestFirst.sort(Comparator.comparing(Candidate::time).thenComparing(Candidate::id).reversed());
        assertThat(decisions).as(run).extracting(Decision::point).containsExactlyElementsOf(newestFirst);
        assertThat(decisions.get(0).keep()).as(run).isTrue();
        assertThat(decisions.get(0).reasons().get(0)).as(run).isEqualTo("newest");
        for (Decision decision : decisions) {
            assertThat(decision.keep()).as(run).isEqualTo(!decision.reasons().isEmpty());
            assertThat(decision.reasons()).as(run).doesNotHaveDuplicates();
            if (decision != decisions.get(0)) {
                assertThat(decision.reasons()).as(run).doesNotContain("newest");
            }
        }
    }

    private static void checkLast(String run, RetentionPolicy policy, List<Decision> decisions) {
        int expected = policy.last() == RetentionPolicy.UNLIMITED ? decisions.size() : Math.min(policy.last(), decisions.size());
        for (int i = 0; i < decisions.size(); i++) {
            List<String> last = decisions.get(i).reasons().stream().filter(reason -> reason.startsWith("last ")).toList();
            assertThat(last).as(run + ", point " + i).isEqualTo(i < expected ? List.of("last " + (i + 1)) : List.of());
        }
    }

    private static void checkBuckets(String run, RetentionPolicy policy, ZoneId zone, List<Decision> decisions) {
        for (Bucket bucket : Bucket.values()) {
            Integer count = policy.counts().get(bucket);
            assertThat(keptBy(decisions, bucket.word() + " ")).as(run + ", " + bucket)
                    .isEqualTo(count == null ? Set.of() : oracle(decisions, bucket, count, Instant.MIN, zone));
            Window window = policy.windows().get(bucket);
            Instant start = window == null ? null : window.start(decisions.get(0).point().time(), zone);
            assertThat(keptBy(decisions, "within-" + bucket.word() + " ")).as(run + ", within " + bucket)
                    .isEqualTo(window == null ? Set.of() : oracle(decisions, bucket, RetentionPolicy.UNLIMITED, start, zone));
        }
    }

    /** The newest point of each of the {@code count} most recent buckets among the points after {@code start}. */
    private static Set<String> oracle(List<Decision> decisions, Bucket bucket, int count, Instant start, ZoneId zone) {
        Map<Object, Candidate> newestOfBucket = new LinkedHashMap<>();
        decisions.stream().map(Decision::point).filter(point -> point.time().isAfter(start))
                .sorted(Retention.NEWEST_FIRST.reversed())
                .forEach(point -> newestOfBucket.put(ORACLE_KEYS.get(bucket).apply(point.time().atZone(zone)), point));
        List<Candidate> newestFirst = new ArrayList<>(newestOfBucket.values());
        newestFirst.sort(Retention.NEWEST_FIRST);
        int kept = count == RetentionPolicy.UNLIMITED ? newestFirst.size() : Math.min(count, newestFirst.size());
        return newestFirst.subList(0, kept).stream().map(Candidate::id).collect(Collectors.toSet());
    }

    private static Set<String> keptBy(List<Decision> decisions, String reasonPrefix) {
        return decisions.stream().filter(decision -> decision.reasons().stream().anyMatch(reason -> reason.startsWith(reasonPrefix)))
                .map(decision -> decision.point().id()).collect(Collectors.toSet());
    }

    private static void checkWithin(String run, RetentionPolicy policy, ZoneId zone, List<Decision> decisions) {
        Instant newest = decisions.get(0).point().time();
        for (Decision decision : decisions) {
            boolean inside = policy.within().isPresent()
                    && decision.point().time().isAfter(policy.within().get().start(newest, zone));
            assertThat(decision.reasons().contains("within " + policy.within().map(Window::toString).orElse("")))
                    .as(run + ", " + decision).isEqualTo(inside);
        }
    }

    private static void checkDeterministic(String run, List<Candidate> points, RetentionPolicy policy, ZoneId zone,
            List<Decision> decisions, Random random) {
        List<Candidate> shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, random);
        assertThat(Retention.decide(shuffled, policy, zone)).as(run).isEqualTo(decisions);
        assertThat(Retention.decide(points, policy, zone)).as(run).isEqualTo(decisions);
    }

    private static void checkAddingARuleRemovesNothing(String run, List<Candidate> points, RetentionPolicy policy, ZoneId zone,
            List<Decision> decisions, Random random) {
        List<Decision> more = Retention.decide(points, addRandomRule(policy, random), zone);
        for (int i = 0; i < decisions.size(); i++) {
            assertThat(more.get(i).reasons()).as(run).containsAll(decisions.get(i).reasons());
        }
    }

    private static List<Candidate> randomPoints(Random random) {
        Instant newest = Instant.parse("2026-06-01T00:00:00Z").plusSeconds(random.nextInt(400 * 86_400));
        long span = SPANS.get(random.nextInt(SPANS.size())).toMinutes();
        int size = 1 + random.nextInt(random.nextBoolean() ? 8 : 60);
        List<Candidate> points = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            points.add(new Candidate("p" + i, randomTime(random, newest, span, points)));
        }
        return points;
    }

    private static boolean has(RetentionPolicy policy, String option) {
        for (Bucket bucket : Bucket.values()) {
            if (option.equals(bucket.countOption()) || option.equals(bucket.windowOption())) {
                return (option.equals(bucket.countOption()) ? policy.counts() : policy.windows()).containsKey(bucket);
            }
        }
        return option.equals("--keep-last") ? policy.last() != 0 : policy.within().isPresent();
    }

    private static RetentionPolicy randomPolicy(Random random) {
        RetentionPolicy policy = RetentionPolicy.EMPTY;
        int rules = 1 + random.nextInt(4);
        for (int i = 0; i < rules; i++) {
            policy = addRandomRule(policy, random);
        }
        return policy;
    }

    /** Mostly anywhere in the span; sometimes the time of another point, or a round number of units back (a window's edge). */
    private static Instant randomTime(Random random, Instant newest, long spanMinutes, List<Candidate> points) {
        return switch (random.nextInt(10)) {
            case 0 -> points.isEmpty() ? newest : points.get(random.nextInt(points.size())).time();
            case 1 -> newest.minus(Duration.ofHours(random.nextInt(30)));
            case 2 -> newest.atZone(ZoneId.of("UTC")).minusDays(random.nextInt(30)).toInstant();
            default -> newest.minus(Duration.ofMinutes((long) (random.nextDouble() * spanMinutes)));
        };
    }

    /** {@code policy} with one more option, one it does not have yet: adding, not replacing a rule. */
    private static RetentionPolicy addRandomRule(RetentionPolicy policy, Random random) {
        List<String> options = RetentionPolicy.options().stream().filter(option -> !has(policy, option)).toList();
        String option = options.get(random.nextInt(options.size()));
        if (option.startsWith("--keep-within")) {
            String[] units = {"y", "mo", "w", "d", "h", "min"};
            int unit = random.nextInt(units.length);
            return policy.with(option, (1 + random.nextInt(unit == 5 ? 600 : 30)) + units[unit]);
        }
        return policy.with(option, random.nextInt(8) == 0 ? "unlimited" : Integer.toString(1 + random.nextInt(6)));
    }
}
