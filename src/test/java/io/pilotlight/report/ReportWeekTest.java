package io.pilotlight.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pilotlight.rpo.RpoLine;
import io.pilotlight.rpo.RpoSvg;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The report of a simulated week ({@link SimulatedWeek}) has the compliance figures computed two other
 * ways here: by hand from the scenario, and by sampling the RPO every second from the list of commits.
 */
class ReportWeekTest {
    private final SimulatedWeek week = new SimulatedWeek();
    private final Report report = week.report();

    @Test
    void web1sComplianceIsTheWeekMinusTheOutageAndTheThrottledHalfHourByHand() {
        SubjectReport web1 = subject("web1");
        // Outage: last point 09:45 (committed 09:47) is 30m old at 10:15; the 16:00 point lands at 16:02.
        Duration outage = Duration.between(Instant.parse("2026-11-24T10:15:00Z"), Instant.parse("2026-11-24T16:02:00Z"));
        // Thursday: the 02:45 point is 30m old at 03:15; the 03:30 point lands at 03:32.
        Duration throttled = Duration.ofMinutes(17);
        Duration late = outage.plus(throttled);
        assertThat(late).isEqualTo(Duration.ofMinutes(364));
        RpoBands bands = web1.bands().orElseThrow();
        assertThat(bands.compliant()).isEqualTo(Duration.ofDays(7).minus(late));
        assertThat(bands.exceeded()).isEqualTo(Duration.ofMinutes(30 + 17));
        assertThat(bands.severely()).isEqualTo(Duration.ofMinutes(60));
        assertThat(bands.critically()).isEqualTo(Duration.ofMinutes(257));
        assertThat(bands.noPoint()).isZero();
        assertThat(web1.compliance()).hasValueSatisfying(share -> assertThat(share)
                .isCloseTo((10080.0 - 364) / 10080, within(1e-12)));
        assertThat(web1.worstRpo()).contains(Duration.ofHours(6).plusMinutes(17));
        assertThat(web1.rpoAtEnd()).contains(Duration.ofMinutes(15));
        assertThat(web1.measured()).contains(SimulatedWeek.WEEK);
    }

    @Test
    void eachComplianceMatchesASecondBySecondSampleOfTheCommits() {
        assertThat(subject("web1").compliance().orElseThrow()).isCloseTo(sampled(week.web1Commits,
                Duration.ofMinutes(30), SimulatedWeek.START), within(1e-5));
        Instant db2First = Instant.parse("2026-11-27T12:00:00Z");
        assertThat(subject("db2").compliance().orElseThrow()).isCloseTo(sampled(week.db2Commits, Duration.ofHours(2),
                db2First), within(1e-5));
    }

    @Test
    void aDiskAddedMidWeekIsMeasuredFromItsFirstRunAndItsTimeWithoutAPointIsOutOfTarget() {
        SubjectReport db2 = subject("db2");
        assertThat(db2.measured()).contains(new Period(Instant.parse("2026-11-27T12:00:00Z"), SimulatedWeek.END));
        assertThat(db2.bands().orElseThrow().noPoint()).isEqualTo(Duration.ofMinutes(65));
        assertThat(db2.compliance().orElseThrow()).isCloseTo((3600.0 - 65) / 3600, within(1e-12));
        assertThat(db2.failures()).extracting(FailureReason::reason, FailureReason::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SimulatedWeek.DB2_FIRST, 1));
    }

    @Test
    void runsPointsBytesFailuresAndFallbacksAreCountedOverTheWeek() {
        SubjectReport web1 = subject("web1");
        assertThat(web1.runs()).isEqualTo(672);
        assertThat(web1.failedRuns()).isEqualTo(26);
        assertThat(web1.pointsTaken()).isEqualTo(646);
        assertThat(web1.pointsKept()).isEqualTo(7);
        assertThat(web1.bytes()).isEqualTo(new Bytes(646 * SimulatedWeek.READ, 646 * SimulatedWeek.CHANGED,
                646 * SimulatedWeek.STORED));
        assertThat(web1.cbtFallbacks()).isEqualTo(1);
        assertThat(web1.failures()).extracting(FailureReason::reason, FailureReason::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SimulatedWeek.OUTAGE, 24),
                org.assertj.core.groups.Tuple.tuple(SimulatedWeek.THROTTLED, 2));
        assertThat(web1.failures().get(0).first()).isEqualTo(Instant.parse("2026-11-24T10:00:30Z"));
        assertThat(web1.failures().get(0).last()).isEqualTo(Instant.parse("2026-11-24T15:45:30Z"));
        assertThat(web1.bootable()).isPresent();
    }

    @Test
    void theVerifyJobIsSummarisedWithItsFailure() {
        assertThat(report.jobs()).singleElement().satisfies(job -> {
            assertThat(job.name()).isEqualTo("verify-main");
            assertThat(job.kind()).isEqualTo("verify");
            assertThat(job.runs()).isEqualTo(7);
            assertThat(job.failed()).isEqualTo(1);
            assertThat(job.lastSucceeded()).contains(true);
            assertThat(job.lastFailure()).contains(SimulatedWeek.VERIFY_FAULT);
        });
    }

    @Test
    void theChartLineStartsAndEndsWithThePeriodAndDropsAtEachCommit() {
        List<RpoSvg.Sample> chart = subject("web1").chart();
        assertThat(chart.get(0)).isEqualTo(new RpoSvg.Sample(SimulatedWeek.START, Duration.ofMinutes(15)));
        assertThat(chart.get(chart.size() - 1)).isEqualTo(new RpoSvg.Sample(SimulatedWeek.END, Duration.ofMinutes(15)));
        assertThat(chart).hasSize(2 + 2 * 646);
    }

    /** The share of seconds from {@code from} to the week's end whose RPO (from the commits) is within the target. */
    private static double sampled(List<RpoLine.Commit> commits, Duration target, Instant from) {
        List<RpoLine.Commit> sorted = commits.stream().sorted(java.util.Comparator.comparing(RpoLine.Commit::committed)).toList();
        long within = 0;
        long total = 0;
        int next = 0;
        Optional<Instant> newest = Optional.empty();
        for (Instant t = from; t.isBefore(SimulatedWeek.END); t = t.plusSeconds(1)) {
            while (next < sorted.size() && !sorted.get(next).committed().isAfter(t)) {
                Instant point = sorted.get(next++).point();
                newest = newest.filter(known -> known.isAfter(point)).or(() -> Optional.of(point));
            }
            total++;
            Instant at = t;
            if (newest.isPresent() && Duration.between(newest.get(), at).compareTo(target) <= 0) {
                within++;
            }
        }
        return (double) within / total;
    }

    private SubjectReport subject(String name) {
        return report.subjects().stream().filter(subject -> subject.subject().name().equals(name)).findFirst()
                .orElseThrow();
    }
}
