package io.pilotlight.report;

import io.pilotlight.daemon.RunRecord;
import io.pilotlight.rpo.RpoLine;
import io.pilotlight.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A week of a daemon's runs, made on a fake clock: disk {@code web1} every 15 minutes (RPO 30m, runs
 * of 2 minutes) since a day before the week, with a six-hour outage on Tuesday (10:00 to 15:45 fail:
 * the source is gone), two failures on Thursday (03:00, 03:15: the store throttles) and one change
 * tracking fallback on Wednesday at 12:00; disk {@code db2} added on Friday at 12:00, hourly (RPO 2h,
 * runs of 5 minutes), its first run failing; a daily verify job that fails once. Retention keeps
 * {@code web1}'s midnight points only.
 */
final class SimulatedWeek {
    static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
    static final Instant END = Instant.parse("2026-11-30T00:00:00Z");
    static final Period WEEK = new Period(START, END);
    static final String OUTAGE = "replicate web1 failed: source file:/srv/vm/web1.img: cannot open: No such file";
    static final String THROTTLED = "replicate web1 failed: PUT data/7f/7f3a… answered 503 SlowDown (retried 5 times)";
    static final String DB2_FIRST = "replicate db2 failed: nbd+unix:///db2?socket=/run/db2.sock: Connection refused";
    static final String VERIFY_FAULT = "verify verify-main: 1 faults, first: pack 9c1e…: chunk 3f9a… checksum mismatch";
    static final long READ = 10L << 20;
    static final long CHANGED = 1L << 20;
    static final long STORED = 512L << 10;

    final List<RunRecord> history = new ArrayList<>();
    /** Every point committed, as (data time, commit time): what the test computes compliance from. */
    final List<RpoLine.Commit> web1Commits = new ArrayList<>();
    final List<RpoLine.Commit> db2Commits = new ArrayList<>();
    final List<StoredPoint> web1Kept = new ArrayList<>();

    SimulatedWeek() {
        MutableClock clock = new MutableClock(START.minus(Duration.ofDays(1)));
        while (clock.instant().isBefore(END)) {
            Instant slot = clock.instant();
            web1(slot);
            if (!slot.isBefore(Instant.parse("2026-11-27T12:00:00Z")) && minuteOfHour(slot) == 0) {
                db2(slot);
            }
            if (!slot.isBefore(START) && slot.toString().endsWith("T06:00:00Z")) {
                boolean fault = slot.equals(Instant.parse("2026-11-26T06:00:00Z"));
                history.add(new RunRecord("verify-main", "SLOT", slot, slot.plusSeconds(40), !fault,
                        fault ? VERIFY_FAULT : "", 0, 0, 0, ""));
            }
            clock.advance(Duration.ofMinutes(15));
        }
        history.sort(java.util.Comparator.comparing(RunRecord::end));
    }

    private void web1(Instant slot) {
        boolean outage = !slot.isBefore(Instant.parse("2026-11-24T10:00:00Z"))
                && slot.isBefore(Instant.parse("2026-11-24T16:00:00Z"));
        boolean throttled = slot.equals(Instant.parse("2026-11-26T03:00:00Z"))
                || slot.equals(Instant.parse("2026-11-26T03:15:00Z"));
        if (outage || throttled) {
            history.add(new RunRecord("web1", "SLOT", slot, slot.plusSeconds(30), false, outage ? OUTAGE : THROTTLED,
                    0, 0, 0, ""));
            return;
        }
        boolean fallback = slot.equals(Instant.parse("2026-11-25T12:00:00Z"));
        Instant end = slot.plus(Duration.ofMinutes(2));
        history.add(new RunRecord("web1", "SLOT", slot, end, true, fallback ? "web1: change tracking lost" : "",
                READ, CHANGED, STORED, fallback ? "CBT_FALLBACK" : ""));
        web1Commits.add(new RpoLine.Commit(slot, end));
        if (slot.toString().endsWith("T00:00:00Z")) {
            web1Kept.add(new StoredPoint(slot.toString().replace(":", ""), slot, end, false,
                    new Bytes(READ, CHANGED, STORED)));
        }
    }

    private void db2(Instant slot) {
        if (slot.equals(Instant.parse("2026-11-27T12:00:00Z"))) {
            history.add(new RunRecord("db2", "SLOT", slot, slot.plusSeconds(60), false, DB2_FIRST, 0, 0, 0, ""));
            return;
        }
        Instant end = slot.plus(Duration.ofMinutes(5));
        history.add(new RunRecord("db2", "SLOT", slot, end, true, "", READ, CHANGED, STORED, ""));
        db2Commits.add(new RpoLine.Commit(slot, end));
    }

    private static int minuteOfHour(Instant instant) {
        return instant.atZone(java.time.ZoneOffset.UTC).getMinute();
    }

    static Subject web1() {
        return new Subject(Subject.Kind.DISK, "web1", "main", Optional.of(Duration.ofMinutes(30)), "web1");
    }

    static Subject db2() {
        return new Subject(Subject.Kind.DISK, "db2", "main", Optional.of(Duration.ofHours(2)), "db2");
    }

    /** The report's inputs as the reader would make them: web1 with its kept points and a drill, db2 from history only. */
    ReportInputs inputs() {
        Bootable bootable = new Bootable(web1Kept.get(web1Kept.size() - 1).id(),
                Optional.of(web1Kept.get(web1Kept.size() - 1).created()), Instant.parse("2026-11-29T02:00:00Z"), "tcg");
        Standby standby = new Standby("web1-standby", Optional.of(web1Kept.get(web1Kept.size() - 1).id()),
                Optional.of(web1Kept.get(web1Kept.size() - 1).created()), Optional.empty());
        return new ReportInputs(List.of(
                new SubjectFacts(web1(), runs("web1"), web1Kept, Optional.of(bootable), List.of(standby)),
                new SubjectFacts(db2(), runs("db2"), List.of(), Optional.empty(), List.of())),
                history, Map.of("web1", "replicate", "db2", "replicate", "verify-main", "verify"),
                List.of("history /var/lib/pilotlight/history.jsonl", "repository main (s3://dr-bucket/pilotlight)"),
                List.of());
    }

    private List<RunRecord> runs(String job) {
        return history.stream().filter(run -> run.job().equals(job)).toList();
    }

    Report report() {
        return ReportBuilder.build(inputs(), WEEK, END.plusSeconds(5));
    }
}
