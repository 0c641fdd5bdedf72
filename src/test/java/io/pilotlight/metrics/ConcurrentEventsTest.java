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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Events for many jobs from several threads, scraped meanwhile: no count is lost, no scrape fails. */
class ConcurrentEventsTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final int THREADS = 6;
    private static final int RUNS = 500;

    @Test
    void eventsFromSeveralThreadsAreAllCounted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try (DaemonMetrics metrics = new DaemonMetrics(new MutableClock(T0))) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String job = "job-" + (t % 3); // two threads share each job
                String disk = "disk-" + t;
                work.add(pool.submit(() -> runs(metrics, go, job, disk)));
            }
            Future<?> scrapes = pool.submit(() -> {
                go.await();
                for (int i = 0; i < 50; i++) {
                    PrometheusText.parse(metrics.scrape());
                }
                return null;
            });
            go.countDown();
            for (Future<?> future : work) {
                future.get();
            }
            scrapes.get();

            PrometheusText text = PrometheusText.parse(metrics.scrape());
            for (int j = 0; j < 3; j++) {
                String job = "job-" + j;
                assertThat(text.get("pilotlight_job_runs_total", Map.of("job_name", job, "outcome", "success")))
                        .isEqualTo(2 * RUNS);
                assertThat(text.get("pilotlight_job_runs_total", Map.of("job_name", job, "outcome", "failure")))
                        .isEqualTo(2 * RUNS);
                assertThat(text.get("pilotlight_job_stored_bytes_total", Map.of("job_name", job))).isEqualTo(2 * RUNS * 7);
                assertThat(text.get("pilotlight_job_cbt_fallbacks_total", Map.of("job_name", job))).isEqualTo(2 * RUNS);
                assertThat(text.get("pilotlight_job_skipped_total", Map.of("job_name", job))).isEqualTo(2 * RUNS);
            }
            for (int t = 0; t < THREADS; t++) {
                assertThat(text.get("pilotlight_disk_newest_point_timestamp_seconds", Map.of("disk", "disk-" + t)))
                        .isEqualTo(T0.plusSeconds(RUNS - 1).getEpochSecond());
                assertThat(text.get("pilotlight_store_requests_total", Map.of("repository", "shared-disk-" + t)))
                        .isEqualTo(RUNS);
            }
            assertThat(text.get("pilotlight_store_requests_total", Map.of("repository", "shared"))).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void runs(DaemonMetrics metrics, CountDownLatch go, String job, String disk) throws InterruptedException {
        go.await();
        for (int i = 0; i < RUNS; i++) {
            Instant at = T0.plusSeconds(i);
            metrics.on(new SchedulerEvent.Started(job, RunKind.SLOT, at, 1, at));
            metrics.on(new SchedulerEvent.Succeeded(job, JobOutcome.success(Duration.ofSeconds(1),
                    new ByteCounts(10, 8, 7, 7), Notable.CBT_FALLBACK), at));
            metrics.on(new SchedulerEvent.Failed(job, "timeout", 1, Optional.empty(), at, at));
            metrics.on(new SchedulerEvent.SkippedBecauseRunning(job, RunKind.SLOT, at, 1, at));
            metrics.diskFreshness(disk, at, Duration.ofMinutes(15));
            metrics.storeRequests("shared-" + disk, i + 1);
            metrics.storeRequests("shared", 0); // registers the shared series from every thread at once
        }
        return null;
    }
}
