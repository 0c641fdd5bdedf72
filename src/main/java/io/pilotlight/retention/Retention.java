package io.pilotlight.retention;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which points a {@link RetentionPolicy} keeps. A pure function of the points, the policy
 * and the time zone: no clock, no repository. The semantics are restic's ({@code forget}), with
 * pilotlight's rules on top; {@code docs/retention.md} states them with a worked example.
 *
 * <ul>
 *   <li>Points are ordered newest first; at equal times the greater id (by {@link String#compareTo})
 *       counts as the newer. The first is "the newest point".</li>
 *   <li>Rules are independent and ORed: a point is kept when any rule keeps it.</li>
 *   <li>The newest point is always kept (reason {@code newest}).</li>
 *   <li>{@code --keep-last N}: the N newest points ({@code last 1} is the newest).</li>
 *   <li>{@code --keep-hourly N} .. {@code --keep-yearly N}: scanning newest first, a point is kept
 *       when no newer point of its bucket was kept and fewer than N buckets were kept so far: the
 *       newest point of each of the N most recent buckets that hold a point. The newest point takes
 *       a slot in every such rule. Unlimited keeps the newest point of every bucket.</li>
 *   <li>{@code --keep-within W}: every point strictly after the newest point's time minus W (back
 *       from the newest point, not from now: a stalled source keeps its last points).</li>
 *   <li>{@code --keep-within-hourly W} .. {@code --keep-within-yearly W}: every bucket holding a
 *       point inside that window keeps its newest point inside the window.</li>
 * </ul>
 */
public final class Retention {
    /** The order decisions come in: newest first, the greater id first at equal times. */
    public static final Comparator<Candidate> NEWEST_FIRST =
            Comparator.comparing(Candidate::time).thenComparing(Candidate::id).reversed();

    private Retention() {
    }

    /**
     * The decision for every point, newest first (see the class comment for the order of ties).
     *
     * @throws IllegalArgumentException when the policy is empty or two points share an id
     */
    public static List<Decision> decide(List<Candidate> points, RetentionPolicy policy, ZoneId zone) {
        requireNonNull(points, "points is null");
        requireNonNull(policy, "policy is null");
        requireNonNull(zone, "zone is null");
        if (policy.isEmpty()) {
            throw new IllegalArgumentException("retention policy is empty: give at least one --keep-* option"
                    + " (to forget every point but the newest, say --keep-last 1)");
        }
        List<Candidate> ordered = newestFirst(points);
        List<List<String>> reasons = new ArrayList<>();
        ordered.forEach(point -> reasons.add(new ArrayList<>()));
        if (!ordered.isEmpty()) {
            reasons.get(0).add("newest");
            applyRules(ordered, policy, zone, reasons);
        }
        List<Decision> decisions = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            decisions.add(new Decision(ordered.get(i), reasons.get(i)));
        }
        return List.copyOf(decisions);
    }

    private static List<Candidate> newestFirst(List<Candidate> points) {
        Set<String> ids = new HashSet<>();
        for (Candidate point : points) {
            if (!ids.add(requireNonNull(point, "a point is null").id())) {
                throw new IllegalArgumentException("point id '" + point.id() + "' appears more than once;"
                        + " every point must have its own id");
            }
        }
        List<Candidate> ordered = new ArrayList<>(points);
        ordered.sort(NEWEST_FIRST);
        return ordered;
    }

    private static void applyRules(List<Candidate> ordered, RetentionPolicy policy, ZoneId zone,
            List<List<String>> reasons) {
        Instant newest = ordered.get(0).time();
        int last = policy.last() == RetentionPolicy.UNLIMITED ? ordered.size() : Math.min(policy.last(), ordered.size());
        for (int i = 0; i < last; i++) {
            reasons.get(i).add("last " + (i + 1));
        }
        for (Map.Entry<Bucket, Integer> count : policy.counts().entrySet()) {
            keepBuckets(ordered, count.getKey(), count.getValue(), Instant.MIN, zone, count.getKey().word(), reasons);
        }
        policy.within().ifPresent(window -> {
            Instant start = window.start(newest, zone);
            for (int i = 0; i < ordered.size() && ordered.get(i).time().isAfter(start); i++) {
                reasons.get(i).add("within " + window);
            }
        });
        for (Map.Entry<Bucket, Window> window : policy.windows().entrySet()) {
            Instant start = window.getValue().start(newest, zone);
            keepBuckets(ordered, window.getKey(), RetentionPolicy.UNLIMITED, start, zone,
                    "within-" + window.getKey().word(), reasons);
        }
    }

    /**
     * Scanning newest first over the points strictly after {@code start}, keeps the first (newest)
     * point of each bucket not yet seen, until {@code count} buckets are kept.
     */
    private static void keepBuckets(List<Candidate> ordered, Bucket bucket, int count, Instant start, ZoneId zone,
            String reason, List<List<String>> reasons) {
        Set<String> kept = new HashSet<>();
        for (int i = 0; i < ordered.size() && ordered.get(i).time().isAfter(start); i++) {
            if (count != RetentionPolicy.UNLIMITED && kept.size() >= count) {
                return;
            }
            String label = bucket.label(ordered.get(i).time().atZone(zone));
            if (kept.add(label)) {
                reasons.get(i).add(reason + " " + label);
            }
        }
    }
}
