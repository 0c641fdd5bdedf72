package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import io.pilotlight.daemon.RunRecord;
import java.util.List;
import java.util.Optional;

/**
 * What a host can read about one subject: the runs of its job on record, the points its repository
 * keeps, the newest point proven bootable, and the standbys that follow it.
 */
public record SubjectFacts(Subject subject, List<RunRecord> runs, List<StoredPoint> points,
        Optional<Bootable> bootable, List<Standby> standbys) {
    public SubjectFacts {
        requireNonNull(subject, "subject is null");
        runs = List.copyOf(requireNonNull(runs, "runs is null"));
        points = List.copyOf(requireNonNull(points, "points is null"));
        requireNonNull(bootable, "bootable is null");
        standbys = List.copyOf(requireNonNull(standbys, "standbys is null"));
    }
}
