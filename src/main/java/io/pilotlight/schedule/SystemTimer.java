package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The daemon's timer: one timer thread and a thread per running job. An alarm re-reads the wall
 * clock at least every {@code recheck}, because the JVM's timers count time the host is awake only:
 * after the host sleeps, a due alarm fires within {@code recheck} of waking instead of hours late.
 */
public final class SystemTimer implements Timer, AutoCloseable {
    private final Clock clock;
    private final Duration recheck;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("pilotlight-timer"));
    private final ExecutorService runs = Executors.newCachedThreadPool(named("pilotlight-run"));

    /** A timer that re-reads the wall clock at least every 30 seconds. */
    public SystemTimer(Clock clock) {
        this(clock, Duration.ofSeconds(30));
    }

    public SystemTimer(Clock clock, Duration recheck) {
        this.clock = requireNonNull(clock, "clock is null");
        this.recheck = requireNonNull(recheck, "recheck is null");
        if (recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException("timer recheck " + recheck + " must be positive");
        }
    }

    @Override
    public Alarm schedule(Instant at, Runnable action) {
        Armed armed = new Armed(at, action);
        armed.arm();
        return armed::cancel;
    }

    /** One alarm: re-armed every {@code recheck} until the wall clock reaches its instant. */
    private final class Armed {
        private final Instant at;
        private final Runnable action;
        private ScheduledFuture<?> next;
        private boolean cancelled;

        Armed(Instant at, Runnable action) {
            this.at = requireNonNull(at, "at is null");
            this.action = requireNonNull(action, "action is null");
        }

        synchronized void arm() {
            if (cancelled) {
                return;
            }
            long left = Duration.between(clock.instant(), at).toMillis();
            if (left <= 0) {
                next = timer.schedule(this::fire, 0, TimeUnit.MILLISECONDS);
            } else {
                next = timer.schedule(this::arm, Math.min(left + 1, recheck.toMillis()), TimeUnit.MILLISECONDS);
            }
        }

        private void fire() {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
            }
            action.run();
        }

        synchronized void cancel() {
            cancelled = true;
            if (next != null) {
                next.cancel(false);
            }
        }
    }

    @Override
    public void execute(Runnable run) {
        runs.execute(run);
    }

    @Override
    public boolean waitFor(BooleanSupplier done, Instant deadline) throws InterruptedException {
        while (!done.getAsBoolean()) {
            long left = Duration.between(clock.instant(), deadline).toMillis();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.min(left, 50));
        }
        return true;
    }

    /** Stops the timer thread; job threads that still run are left to end (they are daemon threads). */
    @Override
    public void close() {
        timer.shutdownNow();
        runs.shutdown();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return run -> {
            Thread thread = new Thread(run, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
