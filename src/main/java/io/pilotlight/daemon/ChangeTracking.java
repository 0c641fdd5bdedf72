package io.pilotlight.daemon;

import io.pilotlight.repo.Manifest;
import io.pilotlight.status.CbtState;
import java.util.ArrayList;
import java.util.List;

/** What a disk's newest point says of change tracking, in the page's words. */
final class ChangeTracking {
    private ChangeTracking() {
    }

    static CbtState of(Manifest newest) {
        if (!newest.fullPass()) {
            return new CbtState(true, false, "tracking: the last point read only the changed blocks");
        }
        if (newest.parent() == null) {
            return new CbtState(false, false, "first point: the whole disk was read");
        }
        if (!newest.warnings().isEmpty()) {
            return new CbtState(false, true, "fell back to a full read: " + String.join("; ", newest.warnings()));
        }
        if (newest.token() == null) {
            return new CbtState(false, false, "none at this source: every run reads the whole disk");
        }
        return new CbtState(false, false, "the last point read the whole disk");
    }

    /** A group's: a member that fell back names the group's state; else all tracking, or each member's. */
    static CbtState ofGroup(List<String> disks, List<CbtState> members) {
        List<String> fellBack = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).fellBack()) {
                fellBack.add(disks.get(i) + ": " + members.get(i).text());
            }
        }
        if (!fellBack.isEmpty()) {
            return new CbtState(false, true, String.join("; ", fellBack));
        }
        if (!members.isEmpty() && members.stream().allMatch(CbtState::tracking)) {
            return new CbtState(true, false, "tracking: the last point read only the changed blocks of every disk");
        }
        List<String> each = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            each.add(disks.get(i) + ": " + members.get(i).text());
        }
        return new CbtState(false, false, String.join("; ", each));
    }
}
