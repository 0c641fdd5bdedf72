package io.pilotlight.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pilotlight.rpo.RpoLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The age line's corners, the share of time within the target, and the SVG it draws. */
class RpoChartTest {
    private static final Instant FROM = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(2));

    private static RpoLine.Commit commit(int pointMinute, int committedMinute) {
        return new RpoLine.Commit(FROM.plus(Duration.ofMinutes(pointMinute)),
                FROM.plus(Duration.ofMinutes(committedMinute)));
    }

    @Test
    void theAgeGrowsBetweenCommitsAndDropsAtEach() {
        List<RpoLine.Commit> commits = List.of(commit(-20, -18), commit(30, 32), commit(90, 91));
        RpoChart chart = new RpoChart(FROM, TO, Optional.of(Duration.ofMinutes(30)), commits, List.of());

        assertThat(chart.samples()).extracting(sample -> Duration.between(FROM, sample.time()).toMinutes() + "m:"
                + sample.age().toMinutes()).containsExactly("0m:20", "32m:52", "32m:2", "91m:61", "91m:1", "120m:30");
        // within 30m: from 0 to 10 (age 20..30), 32 to 60 (2..30), 91 to 120 (1..30): 10 + 28 + 29 of 120 minutes
        assertThat(chart.compliantShare()).hasValueSatisfying(share -> assertThat(share).isCloseTo(67.0 / 120,
                within(1e-9)));
    }

    @Test
    void timeBeforeTheFirstCommitIsUnknown() {
        RpoChart chart = new RpoChart(FROM, TO, Optional.of(Duration.ofMinutes(30)), List.of(commit(60, 61)),
                List.of());
        assertThat(chart.samples()).extracting(sample -> Duration.between(FROM, sample.time()).toMinutes() + "m:"
                + sample.age().toMinutes()).containsExactly("61m:1", "120m:60");
        assertThat(chart.compliantShare()).hasValueSatisfying(share -> assertThat(share).isCloseTo(29.0 / 59,
                within(1e-9)));
        assertThat(new RpoChart(FROM, TO, Optional.empty(), List.of(), List.of()).svg("empty"))
                .contains("no committed point in this window");
    }

    @Test
    void theSvgHasBandsTheTargetTheLineAndTheFailuresAndEscapesItsTitle() {
        RpoChart chart = new RpoChart(FROM, TO, Optional.of(Duration.ofMinutes(30)),
                List.of(commit(-20, -18), commit(30, 32)), List.of(FROM.plus(Duration.ofMinutes(15))));
        String svg = chart.svg("RPO of <disk> & co");

        assertThat(svg).startsWith("<svg ").endsWith("</svg>").contains("<title>RPO of &lt;disk&gt; &amp; co</title>")
                .contains("class=\"target\"").contains("class=\"age\"").contains("class=\"failure\"")
                .contains("#fff4d6").doesNotContain("<disk>");
    }

    @Test
    void aWeekOfOneMinuteRunsIsThinnedToAFewCornersPerPixelColumn() {
        List<RpoLine.Commit> commits = new ArrayList<>();
        Instant to = FROM.plus(Duration.ofDays(7));
        for (Instant time = FROM; time.isBefore(to); time = time.plus(Duration.ofMinutes(1))) {
            commits.add(new RpoLine.Commit(time, time.plusSeconds(20)));
        }
        String svg = new RpoChart(FROM, to, Optional.of(Duration.ofMinutes(5)), commits, List.of()).svg("week");

        Matcher points = Pattern.compile("points=\"([^\"]*)\"").matcher(svg);
        assertThat(points.find()).isTrue();
        assertThat(points.group(1).split(" ")).hasSizeLessThanOrEqualTo(4 * RpoChart.WIDTH);
        assertThat(svg.length()).isLessThan(100_000);
    }
}
