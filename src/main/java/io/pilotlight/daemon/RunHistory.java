package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.schedule.JobOutcome;
import io.pilotlight.schedule.RunKind;
import io.pilotlight.schedule.SchedulerEvent;
import io.pilotlight.schedule.SchedulerListener;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to the scheduler: logs what runs, appends every finished run to the {@link RunJournal},
 * and keeps each job's last run for the status and the runs of the last days for the status page.
 */
final class RunHistory implements SchedulerListener {
    private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);
    /** How far back {@link #recent} reaches: the status page's week and a day to spare. */
    static final Duration RECENT = Duration.ofDays(8);

    private final RunJournal journal;
    private final Map<String, SchedulerEvent.Started> started = new HashMap<>();
    private final Map<String, RunRecord> last = new TreeMap<>();
    private final Deque<RunRecord> recent = new ArrayDeque<>();

    RunHistory(RunJournal journal) throws IOException {
        this.journal = requireNonNull(journal, "journal is null");
        for (RunRecord record : journal.read()) {
            last.put(record.job(), record);
            remember(record);
        }
    }

    @Override
    public void on(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.Started start) {
            LOG.info("{}: started ({}, attempt {})", start.job(), start.kind(), start.attempt());
            synchronized (this) {
                started.put(start.job(), start);
            }
        } else if (event instanceof SchedulerEvent.Succeeded success) {
            JobOutcome outcome = success.outcome();
            LOG.info("{}: succeeded in {} ms{}", success.job(), outcome.duration().toMillis(),
                    outcome.reason().isEmpty() ? "" : " (" + outcome.reason() + ")");
            record(success.job(), success.at(), true, outcome.reason(), outcome);
        } else if (event instanceof SchedulerEvent.Failed failure) {
            LOG.warn("{}: failed (attempt {}): {}; next retry {}", failure.job(), failure.attempt(), failure.reason(),
                    failure.nextRetry().map(Instant::toString).orElse("none, next slot " + failure.nextSlot()));
            record(failure.job(), failure.at(), false, failure.reason(), null);
        } else {
            LOG.info("{}", event);
        }
    }

    private void record(String job, Instant end, boolean succeeded, String reason, JobOutcome outcome) {
        SchedulerEvent.Started start;
        synchronized (this) {
            start = started.remove(job);
        }
        Instant begin = start == null ? end : start.at();
        String kind = start == null ? RunKind.SLOT.name() : start.kind().name();
        RunRecord record = new RunRecord(job, kind, begin, end, succeeded, reason,
                outcome == null ? 0 : outcome.bytes().read(), outcome == null ? 0 : outcome.bytes().changed(),
                outcome == null ? 0 : outcome.bytes().stored(), outcome == null ? "" : outcome.notable().stream()
                        .map(Enum::name).sorted().collect(Collectors.joining(",")));
        try {
            journal.append(record);
        } catch (IOException e) {
            LOG.error("cannot append the run of {} to {}: {}", job, journal.file(), e.getMessage());
        }
        synchronized (this) {
            last.put(job, record);
            remember(record);
        }
    }

    /** Keeps the runs that ended within {@link #RECENT} of the newest one, for the status page. */
    private synchronized void remember(RunRecord record) {
        recent.addLast(record);
        Instant oldest = record.end().minus(RECENT);
        while (!recent.isEmpty() && recent.peekFirst().end().isBefore(oldest)) {
            recent.removeFirst();
        }
    }

    /** The runs of {@code job} that ended within {@link #RECENT} of the newest run on record, oldest first. */
    synchronized List<RunRecord> recent(String job) {
        return recent.stream().filter(record -> record.job().equals(job)).toList();
    }

    synchronized Optional<RunRecord> last(String job) {
        return Optional.ofNullable(last.get(job));
    }

    synchronized List<String> jobsOnRecord() {
        return List.copyOf(last.keySet());
    }
}
