package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import io.pilotlight.rpo.RpoSvg;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The figures of one disk or group over the period.
 *
 * @param measured the part of the period measured: from the later of the period's start and the
 *     subject's first known run or point, to the period's end; empty when nothing is known of it
 * @param bands the measured time by RPO band; empty without a target or a measured span
 * @param worstRpo the largest achieved RPO in the period, when a point existed
 * @param rpoAtEnd the achieved RPO at the period's end, when a point existed
 * @param runs runs of its job that ended in the period (0 when the history has none)
 * @param pointsTaken successful runs in the period; without any run on record, the points kept that
 *     were taken in it
 * @param pointsKept points the repository keeps that were taken in the period
 * @param bytes bytes of the runs in the period (of the points kept, without runs on record)
 * @param failures failed runs by reason, most frequent first
 * @param cbtFallbacks runs (or, without runs, points) that fell back from change tracking to a full read
 * @param chart the achieved-RPO line over the period
 */
public record SubjectReport(Subject subject, Optional<Period> measured, Optional<RpoBands> bands,
        Optional<Duration> worstRpo, Optional<Duration> rpoAtEnd, int runs, int pointsTaken, int pointsKept,
        Bytes bytes, int failedRuns, List<FailureReason> failures, int cbtFallbacks, Optional<Bootable> bootable,
        List<Standby> standbys, List<RpoSvg.Sample> chart, Optional<Instant> newestPoint) {
    public SubjectReport {
        requireNonNull(subject, "subject is null");
        requireNonNull(measured, "measured is null");
        requireNonNull(bands, "bands is null");
        requireNonNull(worstRpo, "worstRpo is null");
        requireNonNull(rpoAtEnd, "rpoAtEnd is null");
        requireNonNull(bytes, "bytes is null");
        failures = List.copyOf(failures);
        requireNonNull(bootable, "bootable is null");
        standbys = List.copyOf(standbys);
        chart = List.copyOf(chart);
        requireNonNull(newestPoint, "newestPoint is null");
    }

    /** The share of the measured time within the target, when there is a target and a measured span. */
    public Optional<Double> compliance() {
        return bands.map(RpoBands::compliance);
    }
}
