package io.pilotlight.repo.forget;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What one forget decided and did for a disk or a group: every point (newest first) with keep or
 * remove and the reasons, the member points removed along with group points (or as orphaned
 * members), and whether anything was deleted ({@code dryRun} false) or only reported.
 *
 * @param owner   the disk or group
 * @param group   whether {@code owner} is a group and {@code points} are its group points
 * @param policy  the policy with its zone ({@code last 3 (zone UTC)}), or {@code point <id>} for a forget by id
 * @param points  every point or group point, newest first
 * @param members member points of a group removed (or, in a dry run, to be removed) with the group points
 */
public record ForgetResult(String owner, boolean group, String policy, boolean dryRun, List<Verdict> points,
        List<Member> members) {
    /** The start of the reason of a point kept only because it is under Object Lock (§21), before the time. */
    public static final String LOCKED = "locked until ";

    /** One point: kept with the rules that kept it, or removed (no reasons). */
    public record Verdict(String id, Instant time, boolean keep, List<String> reasons) {
        public Verdict {
            requireNonNull(id, "id is null");
            requireNonNull(time, "time is null");
            reasons = List.copyOf(reasons);
            if (keep == reasons.isEmpty()) {
                throw new IllegalArgumentException("point " + id + ": a kept point has reasons, a removed one none");
            }
        }
    }

    /** A member point of a group removed with the group: {@code disk/id} and why. */
    public record Member(String disk, String id, String reason) {
        public Member {
            requireNonNull(disk, "disk is null");
            requireNonNull(id, "id is null");
            requireNonNull(reason, "reason is null");
        }
    }

    public ForgetResult {
        requireNonNull(owner, "owner is null");
        requireNonNull(policy, "policy is null");
        points = List.copyOf(points);
        members = List.copyOf(members);
    }

    /** The ids of the points removed (or to be removed), newest first. */
    public List<String> removedIds() {
        return points.stream().filter(verdict -> !verdict.keep()).map(Verdict::id).toList();
    }

    public int kept() {
        return (int) points.stream().filter(Verdict::keep).count();
    }

    public int removed() {
        return points.size() - kept();
    }

    /** Points kept only because they are still under Object Lock; a later forget removes them. */
    public int locked() {
        return (int) points.stream().filter(verdict -> verdict.reasons().stream().anyMatch(r -> r.startsWith(LOCKED)))
                .count();
    }

    /** When the first of the {@link #locked} points unlocks. */
    public java.util.Optional<Instant> earliestUnlock() {
        return points.stream().flatMap(verdict -> verdict.reasons().stream()).filter(r -> r.startsWith(LOCKED))
                .map(r -> Instant.parse(r.substring(LOCKED.length()))).min(Instant::compareTo);
    }

    public int total() {
        return points.size();
    }
}
