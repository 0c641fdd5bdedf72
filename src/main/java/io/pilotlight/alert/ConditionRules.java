package io.pilotlight.alert;

import io.pilotlight.rpo.RpoLevel;
import io.pilotlight.rpo.ShortDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rules as one pure function: the conditions that hold at {@code now} given the facts. The RPO
 * rules fire at the {@link RpoLevel} of the age of the newest committed point against its target
 * (BRIEF §8), each level's rule and those below it: exceeded over 1×, severely over 2×, critically over 4×.
 */
final class ConditionRules {
    private static final String RPO_ACTION = "check the last runs of job %s (pilotlight status, or GET /api/status"
            + " on the daemon) and the reason they failed or did not run; fix the source or repository, then run it"
            + " now: POST /api/jobs/%s/run";

    private ConditionRules() {}

    static List<Condition> evaluate(AlertRules rules, Facts facts, Instant now) {
        List<Condition> conditions = new ArrayList<>();
        facts.disks.forEach((disk, point) -> rpo(rules, disk, point, now, conditions));
        if (rules.on(Rule.CONSECUTIVE_FAILURES)) {
            facts.streaks.forEach((job, streak) -> {
                if (streak.count() >= rules.failures()) {
                    conditions.add(new Condition(Rule.CONSECUTIVE_FAILURES, job, "job " + job + " failed "
                            + streak.count() + " times in a row; the last time: " + streak.lastReason(), streak.first(),
                            "read the reason above and fix its cause (source reachable? repository writable? credentials"
                                    + " valid?); the daemon keeps retrying on the job's schedule"));
                }
            });
        }
        reports(rules, facts, conditions);
        followers(rules, facts, now, conditions);
        if (rules.on(Rule.REPOSITORY_UNREACHABLE)) {
            facts.unreachable.forEach((repository, reason) -> conditions.add(new Condition(
                    Rule.REPOSITORY_UNREACHABLE, repository, "repository " + repository + " cannot be read: " + reason,
                    now, "check the store behind it: the mount or network path, the S3 endpoint, its credentials;"
                    + " no job of this repository can run until it is back")));
        }
        return conditions;
    }

    private static void rpo(AlertRules rules, String disk, Facts.Point point, Instant now, List<Condition> out) {
        if (point.rpo().isEmpty()) {
            return;
        }
        Duration target = point.rpo().get();
        Duration age = Duration.between(point.newest(), now);
        RpoLevel reached = RpoLevel.of(age, target);
        for (RpoLevel level : RpoLevel.values()) {
            Optional<Rule> rule = Rule.ofLevel(level);
            if (rule.isPresent() && level.compareTo(reached) <= 0 && rules.on(rule.get())) {
                out.add(rpoCondition(rule.get(), level, disk, point, age));
            }
        }
    }

    private static Condition rpoCondition(Rule rule, RpoLevel level, String disk, Facts.Point point, Duration age) {
        Duration target = point.rpo().get();
        double ratio = age.toMillis() / (double) target.toMillis();
        String words = rule.key().replace("rpo-", "").replace('-', ' ');
        return new Condition(rule, disk, String.format(Locale.ROOT, "disk %s: RPO %s: its newest committed point"
                + " (%s) is %s old, %.1f times its RPO target of %s", disk, words, AlertMessage.time(point.newest()),
                ShortDuration.format(age), ratio, ShortDuration.format(target)), point.newest().plus(
                level.threshold(target)), String.format(Locale.ROOT, RPO_ACTION, disk, disk));
    }

    private static void reports(AlertRules rules, Facts facts, List<Condition> out) {
        if (rules.on(Rule.CBT_FALLBACK)) {
            facts.fallbacks.forEach((job, report) -> out.add(new Condition(Rule.CBT_FALLBACK, job, "job " + job
                    + " read the whole disk: change tracking was lost or reset" + (report.reason().isBlank() ? ""
                    : " (" + report.reason() + ")"), report.at(), "usually after a crash, a restore or a guest update,"
                    + " and the next run tracks changes again; if it repeats, check the source's change tracking"
                    + " (docs/sources.md)")));
        }
        if (rules.on(Rule.VERIFY_FAULTS)) {
            facts.verifyFaults.forEach((job, report) -> out.add(new Condition(Rule.VERIFY_FAULTS, job, "verify job "
                    + job + " failed: " + report.reason(), report.at(), "run 'pilotlight verify --read-data' on the"
                    + " repository to list every fault, then 'pilotlight repair' (docs/operating.md); a point with a"
                    + " fault may not restore")));
        }
    }

    private static void followers(AlertRules rules, Facts facts, Instant now, List<Condition> out) {
        for (Map.Entry<String, AlertRules.Follower> entry : rules.followers().entrySet()) {
            String name = entry.getKey();
            Optional<Duration> target = entry.getValue().targetLag().or(rules::defaultLag);
            Instant held = facts.standbyPoints.get(name);
            if (rules.on(Rule.FOLLOWER_LAG) && target.isPresent() && held != null
                    && Duration.between(held, now).compareTo(target.get()) > 0) {
                out.add(new Condition(Rule.FOLLOWER_LAG, name, "follower " + name + ": its standby holds a point "
                        + ShortDuration.format(Duration.between(held, now)) + " old, over its target lag of "
                        + ShortDuration.format(target.get()), held.plus(target.get()), "check follower job " + name
                        + "'s runs and the link from the recovery site to the repository; run it now: POST"
                        + " /api/jobs/" + name + "/run"));
            }
            DiskSpace space = facts.space.get(name);
            if (rules.on(Rule.RECOVERY_DISK_SPACE) && space != null && rules.minimumFree().violatedBy(space)) {
                out.add(new Condition(Rule.RECOVERY_DISK_SPACE, name, "the filesystem of follower " + name
                        + "'s standby (" + space.path() + ") has " + AlertText.bytes(space.usable()) + " free of "
                        + AlertText.bytes(space.total()) + ", under the minimum " + rules.minimumFree().describe(), now,
                        "free space or grow that filesystem: a follower that runs out of space fails, and the"
                                + " standby falls behind"));
            }
        }
    }
}
