package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each job at its slots, with the promises of {@code docs/scheduling.md}: one run per job at a
 * time and never stacked, bounded runs at once (in all and per resource key), exactly one catch-up
 * after downtime, retries with backoff that never pass the next slot, run-now, and an orderly stop.
 * Time comes from the injected {@link Clock} and {@link Timer} only.
 *
 * <p>Runs waiting for a place start in this order: run-now first, then by the time they were due,
 * then the job that last ran longest ago, then by name.
 *
 * <p>All state is guarded by one lock; events are queued under it and delivered outside it, one at
 * a time and in the order they happened.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final Comparator<JobState> WAITING_ORDER = Comparator
            .comparing((JobState state) -> state.pending.kind() != RunKind.RUN_NOW)
            .thenComparing(state -> state.pending.scheduledTime())
            .thenComparing(state -> state.lastRun.orElse(Instant.MIN))
            .thenComparing(JobState::name);

    private final Map<String, JobState> jobs = new TreeMap<>();
    private final SchedulerSettings settings;
    private final Clock clock;
    private final Timer timer;
    private final SchedulerListener listener;
    private final Capacity capacity;
    private final Object lock = new Object();
    private final Object deliveryLock = new Object();
    private final Queue<SchedulerEvent> outbox = new ArrayDeque<>();
    private Timer.Alarm alarm;
    private boolean started;
    private boolean stopping;

    public Scheduler(List<ScheduledJob> jobs, SchedulerSettings settings, Clock clock, Timer timer,
                     SchedulerListener listener) {
        for (ScheduledJob job : requireNonNull(jobs, "jobs is null")) {
            if (this.jobs.put(job.name(), new JobState(job)) != null) {
                throw new IllegalArgumentException("job " + job.name() + " is defined twice; job names must be unique");
            }
        }
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.capacity = new Capacity(settings);
    }

    /**
     * Starts scheduling. {@code lastRuns} holds the start of each job's last run as the daemon recorded
     * it: a job whose slot passed since then gets one catch-up run now; a job with no record gets one
     * run now; others wait for their next slot.
     */
    public void start(Map<String, Instant> lastRuns) {
        requireNonNull(lastRuns, "lastRuns is null");
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("the scheduler was already started");
            }
            started = true;
            Instant now = clock.instant();
            List<SchedulerEvent> events = new ArrayList<>();
            for (JobState state : jobs.values()) {
                state.lastRun = Optional.ofNullable(lastRuns.get(state.name()));
                if (state.lastRun.isPresent()) {
                    state.nextSlot = state.schedule.next(state.lastRun.get());
                } else {
                    state.nextSlot = state.schedule.next(now);
                    state.pending = new JobState.Due(RunKind.CATCH_UP, now, 1);
                    events.add(new SchedulerEvent.CatchUp(state.name(), Optional.empty(), now, 0, now));
                }
            }
            tick(now, events);
        }
        deliver();
    }

    /** Runs the job now, unless it is running; see {@link RunNowAnswer}. */
    public RunNowAnswer runNow(String jobName) {
        RunNowAnswer answer;
        synchronized (lock) {
            JobState state = job(jobName);
            if (!started) {
                throw new IllegalStateException("run " + jobName + " now: the scheduler has not started");
            }
            answer = runNow(state, clock.instant());
        }
        deliver();
        return answer;
    }

    private RunNowAnswer runNow(JobState state, Instant now) {
        if (stopping) {
            return RunNowAnswer.STOPPED;
        }
        if (state.running != null) {
            outbox.add(new SchedulerEvent.SkippedBecauseRunning(state.name(), RunKind.RUN_NOW, now, 1, now));
            return RunNowAnswer.ALREADY_RUNNING;
        }
        state.pending = new JobState.Due(RunKind.RUN_NOW, now, 1);
        tick(now, new ArrayList<>());
        return state.running != null ? RunNowAnswer.STARTED : RunNowAnswer.QUEUED;
    }

    /**
     * Starts no new run, sets the cancellation flag of every running one, and waits up to
     * {@code timeout} for them to end.
     *
     * @return the jobs still running when the wait ended, by name
     */
    public List<String> stop(Duration timeout) throws InterruptedException {
        requireNonNull(timeout, "timeout is null");
        Instant deadline;
        synchronized (lock) {
            stopping = true;
            cancelAlarm();
            for (JobState state : jobs.values()) {
                state.pending = null;
                state.retryAt = null;
                if (state.running != null) {
                    state.running.cancellation().set();
                }
            }
            deadline = clock.instant().plus(timeout);
        }
        timer.waitFor(() -> running().isEmpty(), deadline);
        List<String> stillRunning = running();
        synchronized (lock) {
            outbox.add(new SchedulerEvent.Stopped(stillRunning, clock.instant()));
        }
        deliver();
        return stillRunning;
    }

    /** The names of the jobs running now, sorted. */
    public List<String> running() {
        synchronized (lock) {
            return jobs.values().stream().filter(state -> state.running != null).map(JobState::name).toList();
        }
    }

    /** When each job runs next if nothing else happens (its retry or its next slot), by name; empty before start. */
    public Map<String, Instant> nextRuns() {
        synchronized (lock) {
            Map<String, Instant> next = new TreeMap<>();
            jobs.values().stream().filter(state -> state.nextSlot != null)
                    .forEach(state -> next.put(state.name(), state.dueAt()));
            return next;
        }
    }

    private JobState job(String name) {
        JobState state = jobs.get(requireNonNull(name, "jobName is null"));
        if (state == null) {
            throw new IllegalArgumentException("no job named " + name + "; the jobs are " + String.join(", ", jobs.keySet()));
        }
        return state;
    }

    private void wake() {
        synchronized (lock) {
            alarm = null;
            tick(clock.instant(), new ArrayList<>());
        }
        deliver();
    }

    /** Marks what is due, starts what fits, and sets the alarm for the next due time. Under the lock. */
    private void tick(Instant now, List<SchedulerEvent> events) {
        if (stopping) {
            outbox.addAll(events);
            return;
        }
        for (JobState state : jobs.values()) {
            if (state.idle() && !state.dueAt().isAfter(now)) {
                state.pending = state.due(now, settings.catchUpAfter(), events);
            }
        }
        outbox.addAll(events);
        List<JobState> waiting = jobs.values().stream().filter(state -> state.pending != null)
                .sorted(WAITING_ORDER).toList();
        for (JobState state : waiting) {
            if (capacity.admits(state.job.resourceKeys())) {
                launch(state, now);
            }
        }
        rearm();
    }

    private void launch(JobState state, Instant now) {
        JobState.Due due = state.pending;
        state.pending = null;
        if (due.kind() != RunKind.RETRY) {
            state.failures = 0;
        }
        JobState.Run run = new JobState.Run(due, now, new Cancellation());
        state.running = run;
        state.lastRun = Optional.of(now);
        capacity.acquire(state.job.resourceKeys());
        outbox.add(new SchedulerEvent.Started(state.name(), due.kind(), due.scheduledTime(), due.attempt(), now));
        JobContext context = new JobContext(state.name(), due.scheduledTime(), due.kind(), due.attempt(),
                run.cancellation());
        timer.execute(() -> {
            finish(state, run, RunOutcomes.run(state.job.job(), context, run.start(), clock));
            deliver();
        });
    }

    private void finish(JobState state, JobState.Run run, JobOutcome outcome) {
        synchronized (lock) {
            Instant end = clock.instant();
            List<SchedulerEvent> events = new ArrayList<>();
            state.running = null;
            capacity.release(state.job.resourceKeys());
            state.advancePast(run, end, events);
            if (outcome.succeeded()) {
                state.failures = 0;
                state.retryAt = null;
                events.add(new SchedulerEvent.Succeeded(state.name(), outcome, end));
            } else {
                state.failures++;
                Optional<Instant> retry = Optional.of(end.plus(settings.backoff().delay(state.failures)))
                        .filter(at -> at.isBefore(state.nextSlot) && !stopping && !run.cancellation().isSet());
                state.retryAt = retry.orElse(null);
                events.add(new SchedulerEvent.Failed(state.name(), outcome.reason(), run.due().attempt(), retry,
                        state.nextSlot, end));
            }
            tick(end, events);
        }
    }

    private void rearm() {
        cancelAlarm();
        jobs.values().stream().filter(JobState::idle).map(JobState::dueAt).min(Comparator.naturalOrder())
                .ifPresent(earliest -> alarm = timer.schedule(earliest, this::wake));
    }

    private void cancelAlarm() {
        if (alarm != null) {
            alarm.cancel();
            alarm = null;
        }
    }

    /** Hands queued events to the listener, one at a time, in order; a listener that throws is logged. */
    private void deliver() {
        synchronized (deliveryLock) {
            while (true) {
                SchedulerEvent event;
                synchronized (lock) {
                    event = outbox.poll();
                }
                if (event == null) {
                    return;
                }
                try {
                    listener.on(event);
                } catch (RuntimeException | AssertionError e) {
                    LOG.warn("scheduler listener failed on {}; the scheduler goes on", event, e);
                }
            }
        }
    }
}
