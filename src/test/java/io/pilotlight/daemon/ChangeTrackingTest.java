package io.pilotlight.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.repo.Manifest;
import io.pilotlight.status.CbtState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the newest point says of change tracking, for a disk and for a group's members. */
class ChangeTrackingTest {
    private static Manifest point(String parent, String token, boolean fullPass, List<String> warnings) {
        return new Manifest(Manifest.FORMAT, "vm1", "p2", parent, "2026-06-01T10:00:00Z", 1 << 20, 65536, 16,
                List.of(), "digest", "qemu:/x", token, fullPass, new Manifest.Stats(0, 0, 0, 0, 0, 0, 0), warnings);
    }

    @Test
    void trackingFirstPointFallbackAndNoTrackingAreToldApart() {
        assertThat(ChangeTracking.of(point("p1", "bitmap-2", false, List.of())))
                .isEqualTo(new CbtState(true, false, "tracking: the last point read only the changed blocks"));
        assertThat(ChangeTracking.of(point(null, "bitmap-1", true, List.of())).text())
                .isEqualTo("first point: the whole disk was read");
        assertThat(ChangeTracking.of(point("p1", "bitmap-2", true, List.of("bitmap pilotlight-1 is gone"))))
                .isEqualTo(new CbtState(false, true, "fell back to a full read: bitmap pilotlight-1 is gone"));
        assertThat(ChangeTracking.of(point("p1", null, true, List.of())).text())
                .isEqualTo("none at this source: every run reads the whole disk");
    }

    @Test
    void aGroupFellBackWhenOneMemberDid() {
        CbtState tracking = new CbtState(true, false, "tracking");
        CbtState lost = new CbtState(false, true, "fell back to a full read: bitmap lost");
        assertThat(ChangeTracking.ofGroup(List.of("a", "b"), List.of(tracking, lost)))
                .isEqualTo(new CbtState(false, true, "b: fell back to a full read: bitmap lost"));
        assertThat(ChangeTracking.ofGroup(List.of("a", "b"), List.of(tracking, tracking)).tracking()).isTrue();
    }
}
