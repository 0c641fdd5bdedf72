package io.pilotlight.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the overview, a disk's page and the JSON say of a snapshot; everything escaped. */
class PagesTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static RunView run(int minutesAgo, boolean succeeded, String reason) {
        Instant start = NOW.minus(Duration.ofMinutes(minutesAgo));
        return new RunView("SLOT", start, start.plusSeconds(30), succeeded, reason, 4096, 1024, 512, "");
    }

    static ProtectedItem disk(String name, int ageMinutes, List<RunView> runs) {
        Instant newest = NOW.minus(Duration.ofMinutes(ageMinutes));
        return new ProtectedItem(ProtectedItem.Kind.DISK, name, "every 15m", Optional.of(Duration.ofMinutes(30)),
                Optional.of(newest), false, Optional.of(runs.get(runs.size() - 1)),
                Optional.of(NOW.plus(Duration.ofMinutes(5))), Optional.empty(),
                Optional.of(new CbtState(false, true, "fell back to a full read: bitmap <lost>")), 7,
                List.of(new PointView("p1", newest, 4L << 20, 1L << 20, 200_000, true)), List.of(),
                List.of(new StandbyView("dr", "/standby/" + name + ".img", Optional.of("p0"),
                        Optional.of(NOW.minus(Duration.ofHours(1))), Optional.empty())),
                Optional.of(new DrillState("p0", NOW.minus(Duration.ofHours(3)), true, "")), runs);
    }

    private static StatusSnapshot snapshot() {
        ProtectedItem late = disk("late", 45, List.of(run(60, true, ""), run(30, false,
                "replicate late failed: <script>alert(1)</script> & gone")));
        ProtectedItem fine = disk("fine", 5, List.of(run(6, true, "")));
        ProtectedItem group = new ProtectedItem(ProtectedItem.Kind.GROUP, "web", "every 1h", Optional.empty(),
                Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.of("cannot read repository main"),
                Optional.empty(), 0, List.of(), List.of("web-sda", "web-sdb"), List.of(), Optional.empty(), List.of());
        return new StatusSnapshot(NOW, Duration.ofSeconds(7), List.of(late, fine, group),
                List.of(new JobView("weekly", "verify", "weekly sat 03:00", false, Optional.empty(), Optional.empty())));
    }

    @Test
    void theOverviewHasARowPerDiskAndGroupWithStateInColourAndWords() {
        String html = OverviewPage.render(snapshot());

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta http-equiv=\"refresh\" content=\"7\">")
                .contains("<meta name=\"viewport\"").doesNotContain("<script");
        assertThat(html).contains("<tr class=\"late\" id=\"row-disk-late\" data-state=\"exceeded\">")
                .contains("<tr class=\"ok\" id=\"row-disk-fine\" data-state=\"compliant\">")
                .contains("<tr class=\"critical\" id=\"row-group-web\" data-state=\"no restore point\">")
                .contains("<span class=\"state late\">exceeded</span>").contains("45m of 30m")
                .contains("replicate late failed: &lt;script&gt;alert(1)&lt;/script&gt; &amp; gone")
                .contains("fell back to a full read: bitmap &lt;lost&gt;").contains("proven bootable")
                .contains("/standby/late.img: point p0, 1h old").contains("running now")
                .contains("cannot read repository main").contains("web-sda, web-sdb")
                .contains("<a href=\"/disks/late\">").contains("<svg class=\"chart\"").contains("7 restore points")
                .contains("weekly sat 03:00");
    }

    @Test
    void aDisksPageListsItsRunsNewestFirstWithFailuresMarked() {
        StatusSnapshot snapshot = snapshot();
        String html = ItemPage.render(snapshot, snapshot.item(ProtectedItem.Kind.DISK, "late").orElseThrow());

        assertThat(html).contains("RPO, last day").contains("RPO, last week").contains("2 runs on record, 1 failed")
                .contains("<tr class=\"failed\"><td>2026-06-01 11:30:00 UTC</td><td>slot</td>")
                .contains("4.0 MiB").contains("1.0 MiB").contains("195.3 KiB").doesNotContain("<script>");
        assertThat(html.indexOf("11:30:00 UTC</td>")).isLessThan(html.indexOf("11:00:00 UTC</td>"));
    }

    @Test
    void theJsonSaysTheSameWithStatesAndSeconds() {
        StatusSnapshot snapshot = snapshot();
        var overview = StatusJson.overview(snapshot);
        var late = overview.path("items").get(0);

        assertThat(overview.path("refreshSeconds").asLong()).isEqualTo(7);
        assertThat(late.path("state").asText()).isEqualTo("EXCEEDED");
        assertThat(late.path("ageSeconds").asLong()).isEqualTo(45 * 60);
        assertThat(late.path("rpoTargetSeconds").asLong()).isEqualTo(30 * 60);
        assertThat(late.path("lastError").asText()).startsWith("replicate late failed: <script>");
        assertThat(late.path("changeTracking").path("fellBack").asBoolean()).isTrue();
        assertThat(late.path("standbys").get(0).path("ageSeconds").asLong()).isEqualTo(3600);
        assertThat(late.has("runs")).isFalse();
        assertThat(overview.path("items").get(2).path("state").asText()).isEqualTo("NO_POINT");
        var full = StatusJson.item(snapshot.items().get(0), NOW, true);
        assertThat(full.path("runs")).hasSize(2);
        assertThat(full.path("points").get(0).path("stored").asLong()).isEqualTo(200_000);
    }

    @Test
    void theLoginPageEscapesAndAsksForTheToken() {
        assertThat(LoginPage.render("/disks/\"x", "a token is required")).contains("action=\"/disks/&quot;x\"")
                .contains("type=\"password\" name=\"token\"");
    }
}
