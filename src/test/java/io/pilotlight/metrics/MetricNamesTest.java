package io.pilotlight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.schedule.ByteCounts;
import io.pilotlight.schedule.JobOutcome;
import io.pilotlight.schedule.Notable;
import io.pilotlight.schedule.RunKind;
import io.pilotlight.schedule.SchedulerEvent;
import io.pilotlight.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every pilotlight metric follows the Prometheus naming conventions. */
class MetricNamesTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    /** A scrape with every pilotlight metric present. */
    static String fullScrape(DaemonMetrics metrics) {
        metrics.jobDeclared("vm-12", "backup", "every 15m");
        metrics.on(new SchedulerEvent.Started("vm-12", RunKind.SLOT, T0, 1, T0));
        metrics.on(new SchedulerEvent.Succeeded("vm-12", JobOutcome.success(Duration.ofSeconds(30),
                new ByteCounts(4, 3, 2, 1), Notable.CBT_FALLBACK), T0.plusSeconds(30)));
        metrics.on(new SchedulerEvent.Failed("vm-12", "no route", 1, Optional.empty(), T0.plusSeconds(900), T0));
        metrics.on(new SchedulerEvent.CatchUp("vm-12", Optional.empty(), T0, 0, T0));
        metrics.on(new SchedulerEvent.SkippedBecauseRunning("vm-12", RunKind.SLOT, T0, 1, T0));
        metrics.diskFreshness("vm-12/sda", T0, Duration.ofMinutes(15));
        metrics.standbyPoint("dr-site", Instant.EPOCH);
        metrics.storeRequests("s3://backups/vm", 10);
        metrics.storeRetries("s3://backups/vm", 1);
        return metrics.scrape();
    }

    @Test
    void namesAreLowerSnakeCaseWithThePrefixCountersEndInTotalAndUnitsAreBase() {
        try (DaemonMetrics metrics = new DaemonMetrics(new MutableClock(T0.plusSeconds(60)))) {
            PrometheusText text = PrometheusText.parse(fullScrape(metrics));
            Map<String, String> ours = text.types().entrySet().stream()
                    .filter(type -> type.getKey().startsWith("pilotlight"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

            assertThat(ours).hasSizeGreaterThanOrEqualTo(20);
            ours.forEach((name, type) -> {
                assertThat(name).matches("^pilotlight_[a-z0-9_]+$");
                assertThat(name).doesNotContain("__").doesNotEndWith("_");
                assertThat(name).doesNotContainPattern("milli|micro|nano|minutes|hours|kilo|mega|giga|_kb|_mb");
                if (type.equals("counter")) {
                    assertThat(name).as(name + " is a counter").endsWith("_total");
                } else {
                    assertThat(name).as(name + " is a " + type).doesNotEndWith("_total");
                }
                if (name.contains("bytes")) {
                    assertThat(name).endsWith(type.equals("counter") ? "_bytes_total" : "_bytes");
                }
            });
            assertThat(text.samples()).filteredOn(sample -> sample.name().startsWith("pilotlight_"))
                    .allSatisfy(sample -> assertThat(ours).containsKey(sample.name()));
        }
    }
}
