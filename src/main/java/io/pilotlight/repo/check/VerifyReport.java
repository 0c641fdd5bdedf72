package io.pilotlight.repo.check;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@code verify} checked and what it found wrong. Each fault names the point, disk, offset and
 * object it concerns, and what it harms. {@code packs} counts the packs the index names;
 * {@code orphanPacks} the stored packs no readable index file names (left by an interrupted run, or
 * named only by a damaged index file; prune removes true orphans, {@code repair index} indexes
 * them again). {@code harmed} names, as {@code <disk>/<id>} or {@code group <group>/<id>}, every
 * point and group point a fault makes unrestorable. {@code retentionFaults}, a kind of its own, names
 * the objects of a locked repository (docs/design.md §21) whose Object Lock retention ends before the
 * newest point needing them may be deleted: restorable, but not protected as the repository promises.
 * {@code warnings} do not make the report fail: key files whose KDF is weak or cannot run here
 * ({@link KeyFileCheck}); a damaged key file is a fault.
 */
public record VerifyReport(int points, int groupPoints, int packs, int orphanPacks, long chunksChecked,
        long bytesChecked, List<String> faults, List<String> harmed, List<String> retentionFaults,
        List<String> warnings) {
    public VerifyReport {
        faults = List.copyOf(requireNonNull(faults, "faults is null"));
        harmed = List.copyOf(requireNonNull(harmed, "harmed is null"));
        retentionFaults = List.copyOf(requireNonNull(retentionFaults, "retentionFaults is null"));
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }

    public VerifyReport(int points, int groupPoints, int packs, long chunksChecked, long bytesChecked,
            List<String> faults) {
        this(points, groupPoints, packs, 0, chunksChecked, bytesChecked, faults, List.of(), List.of(), List.of());
    }

    public boolean ok() {
        return faults.isEmpty() && retentionFaults.isEmpty();
    }
}
