package io.pilotlight.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine has learnt from events and probes, per job, disk, follower and repository. Not
 * thread-safe: the engine holds its lock.
 */
final class Facts {
    /** Runs of a job that failed in a row: how many, since when, and the last reason. */
    record Streak(int count, Instant first, String lastReason) {
    }

    /** Something a run reported: when, and in its words. */
    record Report(Instant at, String reason) {
    }

    /** A disk's newest committed point and its RPO target. */
    record Point(Instant newest, Optional<Duration> rpo) {
    }

    final Map<String, String> jobKinds = new HashMap<>();
    final Map<String, Streak> streaks = new HashMap<>();
    final Map<String, Report> fallbacks = new HashMap<>();
    final Map<String, Report> verifyFaults = new HashMap<>();
    final Map<String, Point> disks = new HashMap<>();
    final Map<String, Instant> standbyPoints = new HashMap<>();
    final Map<String, String> unreachable = new HashMap<>();
    final Map<String, DiskSpace> space = new HashMap<>();

    void failed(String job, String reason, Instant at) {
        streaks.merge(job, new Streak(1, at, reason), (old, next) -> new Streak(old.count() + 1, old.first(), reason));
        if ("verify".equals(jobKinds.get(job))) {
            verifyFaults.put(job, new Report(at, reason));
        }
    }

    void succeeded(String job, boolean fellBack, String reason, Instant at) {
        streaks.remove(job);
        verifyFaults.remove(job);
        if (fellBack) {
            fallbacks.put(job, new Report(at, reason));
        } else {
            fallbacks.remove(job);
        }
    }
}
