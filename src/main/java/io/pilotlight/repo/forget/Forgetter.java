package io.pilotlight.repo.forget;

import static java.util.Objects.requireNonNull;

import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import io.pilotlight.retention.Candidate;
import io.pilotlight.retention.Decision;
import io.pilotlight.retention.Retention;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Forgets points of a disk or group points of a group by a retention policy, or one point by id
 * (docs/design.md §16.1): lists the points, decides with {@link Retention#decide}, and unless it is
 * a dry run deletes the manifests of those removed. A disk's point named by a group point is kept
 * (reason {@code member of group point <id>}): it goes only with its group point. A group point
 * goes first, then its members ({@link GroupForget} says which), so a crash in between leaves
 * ordinary points, never a group point naming a missing member. The tip of a disk's cloud snapshot
 * chain is kept too (reason {@code tip of the aws snapshot chain}): the next sync chains on it.
 */
public final class Forgetter {
    private final Repository repository;

    public Forgetter(Repository repository) {
        this.repository = requireNonNull(repository, "repository is null");
    }

    /** Applies the policy to every disk that is not a member of a group, then to every group. */
    public List<ForgetResult> all(ForgetOptions options) throws IOException {
        Set<String> members = new TreeSet<>();
        List<String> groups = repository.groups();
        for (String group : groups) {
            repository.groupPoints(group).forEach(point -> point.disks().forEach(m -> members.add(m.disk())));
        }
        List<ForgetResult> results = new ArrayList<>();
        for (String disk : repository.disks()) {
            if (!members.contains(disk)) {
                results.add(disk(disk, options));
            }
        }
        for (String group : groups) {
            results.add(group(group, options));
        }
        return results;
    }

    /** Applies the policy to the points of {@code disk}. */
    public ForgetResult disk(String disk, ForgetOptions options) throws IOException {
        requireNonNull(options, "options is null");
        List<Manifest> manifests = repository.manifests(Repository.checkDisk(disk));
        if (manifests.isEmpty()) {
            repository.manifest(disk, "latest"); // throws: the disk has no points, naming the disks that do
        }
        List<Candidate> candidates = manifests.stream()
                .map(manifest -> new Candidate(manifest.id(), Instant.parse(manifest.created()))).toList();
        Map<String, List<String>> memberships = repository.memberships(disk);
        Map<String, List<String>> tips = chainTips(disk, manifests);
        List<ForgetResult.Verdict> verdicts = new ArrayList<>();
        for (Decision decision : Retention.decide(candidates, options.policy(), options.zone())) {
            List<String> reasons = new ArrayList<>(decision.reasons());
            List<String> groups = memberships.getOrDefault(decision.point().id(), List.of());
            if (!decision.keep() && !groups.isEmpty()) {
                groups.forEach(named -> reasons.add("member of group point " + named.substring(named.indexOf('/') + 1)));
            }
            if (!decision.keep()) {
                tips.getOrDefault(decision.point().id(), List.of())
                        .forEach(provider -> reasons.add("tip of the " + provider + " snapshot chain"));
            }
            if (!decision.keep() && reasons.isEmpty()) {
                repository.pointLockedUntil(disk, decision.point().id()).ifPresent(until -> reasons.add(locked(until)));
            }
            verdicts.add(new ForgetResult.Verdict(decision.point().id(), decision.point().time(), !reasons.isEmpty(),
                    reasons));
        }
        ForgetResult result = new ForgetResult(disk, false, options.describe(), options.dryRun(), verdicts, List.of());
        if (!options.dryRun() && result.removed() > 0) {
            repository.forget(disk, result.removedIds());
        }
        return result;
    }

    /**
     * The tip of each cloud chain of {@code disk} (docs/design.md §19.3): per provider with records,
     * the newest existing point with a record, mapped to the providers whose tip it is. The next
     * sync chains on it, so it stays until a newer point is synced. Empty without cloud records.
     */
    private Map<String, List<String>> chainTips(String disk, List<Manifest> manifests) throws IOException {
        Map<String, List<String>> tips = new TreeMap<>();
        for (String provider : repository.cloudProviders()) {
            Set<String> recorded = new HashSet<>(repository.cloudRecords(provider).points(disk));
            for (int i = manifests.size() - 1; i >= 0; i--) { // newest first
                if (recorded.contains(manifests.get(i).id())) {
                    tips.computeIfAbsent(manifests.get(i).id(), id -> new ArrayList<>()).add(provider);
                    break;
                }
            }
        }
        return tips;
    }

    /**
     * Applies the policy to the group points of {@code group}; each removed group point takes its
     * members along, and the group's orphaned members go too ({@link GroupForget}).
     */
    public ForgetResult group(String group, ForgetOptions options) throws IOException {
        requireNonNull(options, "options is null");
        List<GroupPoint> points = repository.groupPoints(Repository.checkGroup(group));
        if (points.isEmpty()) {
            repository.groupPoint(group, "latest"); // throws: the group has no group points
        }
        List<Candidate> candidates = points.stream().map(point -> new Candidate(point.id(), point.createdAt())).toList();
        List<ForgetResult.Verdict> verdicts = new ArrayList<>();
        for (Decision decision : Retention.decide(candidates, options.policy(), options.zone())) {
            List<String> reasons = new ArrayList<>(decision.reasons());
            if (!decision.keep()) {
                repository.groupLockedUntil(group, decision.point().id()).ifPresent(until -> reasons.add(locked(until)));
            }
            verdicts.add(new ForgetResult.Verdict(decision.point().id(), decision.point().time(), !reasons.isEmpty(),
                    reasons));
        }
        Set<String> removed = new TreeSet<>(verdicts.stream().filter(v -> !v.keep()).map(ForgetResult.Verdict::id)
                .toList());
        GroupForget forget = new GroupForget(repository, points, removed);
        List<ForgetResult.Member> members = forget.plan();
        if (!options.dryRun()) {
            forget.run(members);
        }
        return new ForgetResult(group, true, options.describe(), options.dryRun(), verdicts, members);
    }

    /** The reason a point is kept while its Object Lock lasts (§21): {@code locked until <time>}. */
    static String locked(Instant until) {
        return ForgetResult.LOCKED + until;
    }

    private static void refuseLocked(String what, java.util.Optional<Instant> until) throws RepositoryException {
        if (until.isPresent()) {
            throw new RepositoryException(RepositoryException.Kind.LOCKED, what + " is under Object Lock until "
                    + until.get() + ": it can be forgotten after that");
        }
    }

    /** Forgets one point of {@code disk}, named by id or unique id prefix (refused as {@link Repository#forget} says). */
    public ForgetResult point(String disk, String ref, boolean dryRun) throws IOException {
        Manifest manifest = repository.manifest(Repository.checkDisk(disk), requireNonNull(ref, "ref is null"));
        List<String> ids = List.of(manifest.id());
        refuseLocked("point " + disk + "/" + manifest.id(), repository.pointLockedUntil(disk, manifest.id()));
        if (dryRun) {
            repository.checkForget(disk, ids);
        } else {
            repository.forget(disk, ids);
        }
        ForgetResult.Verdict verdict = new ForgetResult.Verdict(manifest.id(), Instant.parse(manifest.created()),
                false, List.of());
        return new ForgetResult(disk, false, "point " + manifest.id(), dryRun, List.of(verdict), List.of());
    }

    /** Forgets one group point of {@code group} and its members, as a policy that removed only it would. */
    public ForgetResult groupPoint(String group, String ref, boolean dryRun) throws IOException {
        GroupPoint point = repository.groupPoint(Repository.checkGroup(group), requireNonNull(ref, "ref is null"));
        List<GroupPoint> points = repository.groupPoints(group);
        refuseLocked("group point " + group + "/" + point.id(), repository.groupLockedUntil(group, point.id()));
        if (points.get(points.size() - 1).id().equals(point.id())) {
            repository.forgetGroup(group, point.id()); // throws: the newest group point is never forgotten
        }
        GroupForget forget = new GroupForget(repository, points, Set.of(point.id()));
        List<ForgetResult.Member> members = forget.plan();
        if (!dryRun) {
            forget.run(members);
        }
        ForgetResult.Verdict verdict = new ForgetResult.Verdict(point.id(), point.createdAt(), false, List.of());
        return new ForgetResult(group, true, "group point " + point.id(), dryRun, List.of(verdict), members);
    }
}
