package io.pilotlight.retention;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which points {@code forget} keeps: the {@code --keep-*} options, each a rule of its own; a point is
 * kept when any rule keeps it (see {@link Retention}).
 *
 * @param last    {@code --keep-last}: the number of newest points to keep, {@link #UNLIMITED}, or 0 when not given
 * @param counts  {@code --keep-hourly} .. {@code --keep-yearly}: how many of the most recent buckets of each
 *                size keep their newest point, each >= 1 or {@link #UNLIMITED}; a size not in the map is not a rule
 * @param within  {@code --keep-within}: every point inside this window back from the newest point is kept
 * @param windows {@code --keep-within-hourly} .. {@code --keep-within-yearly}: every bucket of that size inside
 *                the window (back from the newest point) keeps its newest point inside the window
 */
public record RetentionPolicy(int last, Map<Bucket, Integer> counts, Optional<Window> within, Map<Bucket, Window> windows) {
    /** A count that keeps every point ({@code --keep-last}) or every bucket ({@code --keep-daily} ..). */
    public static final int UNLIMITED = -1;
    /** No rule at all: {@link Retention#decide} refuses it. Start here and add options {@link #with}. */
    public static final RetentionPolicy EMPTY = new RetentionPolicy(0, Map.of(), Optional.empty(), Map.of());

    public RetentionPolicy {
        if (last < UNLIMITED) {
            throw new IllegalArgumentException("--keep-last must be >= 1 or unlimited, got " + last);
        }
        counts = Collections.unmodifiableMap(copy(requireNonNull(counts, "counts is null")));
        requireNonNull(within, "within is null");
        windows = Collections.unmodifiableMap(copy(requireNonNull(windows, "windows is null")));
        counts.forEach((bucket, count) -> {
            if (requireNonNull(count, bucket.countOption() + " is null") < 1 && count != UNLIMITED) {
                throw new IllegalArgumentException(bucket.countOption() + " must be >= 1 or unlimited, got " + count);
            }
        });
        windows.forEach((bucket, window) -> requireNonNull(window, bucket.windowOption() + " is null"));
    }

    private static <V> Map<Bucket, V> copy(Map<Bucket, V> map) {
        return map.isEmpty() ? new EnumMap<>(Bucket.class) : new EnumMap<>(map);
    }

    /** Every option a policy reads, in the order {@link #describe} names them. */
    public static List<String> options() {
        List<String> options = new ArrayList<>(List.of("--keep-last"));
        for (Bucket bucket : Bucket.values()) {
            options.add(bucket.countOption());
        }
        options.add("--keep-within");
        for (Bucket bucket : Bucket.values()) {
            options.add(bucket.windowOption());
        }
        return options;
    }

    /** A policy of {@code options} as the command line gives them, e.g. {@code --keep-daily} to {@code 7}. */
    public static RetentionPolicy parse(Map<String, String> options) {
        RetentionPolicy policy = EMPTY;
        for (Map.Entry<String, String> option : options.entrySet()) {
            policy = policy.with(option.getKey(), option.getValue());
        }
        return policy;
    }

    /**
     * This policy with {@code option} set to {@code value} as written on the command line: a count
     * ({@code 7}, {@code unlimited} or {@code -1}) for {@code --keep-last} .. {@code --keep-yearly}, a
     * {@link Window} ({@code 7d}) for {@code --keep-within*}. An option already set is replaced.
     */
    public RetentionPolicy with(String option, String value) {
        requireNonNull(option, "option is null");
        if (option.equals("--keep-last")) {
            return new RetentionPolicy(count(option, value), counts, within, windows);
        }
        if (option.equals("--keep-within")) {
            return new RetentionPolicy(last, counts, Optional.of(Window.parse(option, value)), windows);
        }
        for (Bucket bucket : Bucket.values()) {
            if (option.equals(bucket.countOption())) {
                Map<Bucket, Integer> changed = copy(counts);
                changed.put(bucket, count(option, value));
                return new RetentionPolicy(last, changed, within, windows);
            }
            if (option.equals(bucket.windowOption())) {
                Map<Bucket, Window> changed = copy(windows);
                changed.put(bucket, Window.parse(option, value));
                return new RetentionPolicy(last, counts, within, changed);
            }
        }
        throw new IllegalArgumentException("unknown retention option '" + option + "'; valid options are "
                + String.join(", ", options()));
    }

    private static int count(String option, String value) {
        if (value != null && (value.equals("unlimited") || value.equals("-1"))) {
            return UNLIMITED;
        }
        if (value != null && value.matches("[0-9]{1,9}") && Integer.parseInt(value) >= 1) {
            return Integer.parseInt(value);
        }
        throw new IllegalArgumentException(option + " must be >= 1 or unlimited, got '" + value + "'");
    }

    /** Whether no rule is given at all. */
    public boolean isEmpty() {
        return last == 0 && counts.isEmpty() && within.isEmpty() && windows.isEmpty();
    }

    /** One line for output, e.g. {@code last 3, daily 7, within 2d (zone UTC)}. */
    public String describe(ZoneId zone) {
        requireNonNull(zone, "zone is null");
        List<String> rules = new ArrayList<>();
        if (last != 0) {
            rules.add("last " + countText(last));
        }
        counts.forEach((bucket, count) -> rules.add(bucket.word() + " " + countText(count)));
        within.ifPresent(window -> rules.add("within " + window));
        windows.forEach((bucket, window) -> rules.add("within-" + bucket.word() + " " + window));
        String text = rules.isEmpty() ? "no rule" : String.join(", ", rules);
        return text + " (zone " + zone.getId() + ")";
    }

    private static String countText(int count) {
        return count == UNLIMITED ? "unlimited" : Integer.toString(count);
    }
}
