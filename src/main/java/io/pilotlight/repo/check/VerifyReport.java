package io.pilotlight.repo.check;

import java.util.List;

/**
 * What {@code verify} checked and what it found wrong. Each fault names the point, disk, offset and
 * object it concerns.
 */
public record VerifyReport(int points, int groupPoints, int packs, long chunksChecked, long bytesChecked, List<String> faults) {
    public boolean ok() {
        return faults.isEmpty();
    }
}
