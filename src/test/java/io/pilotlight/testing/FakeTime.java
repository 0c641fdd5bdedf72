package io.pilotlight.testing;

import io.pilotlight.schedule.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * A fake clock and timer that runs a simulation in fake time. Runs go to real threads, which wait
 * in fake time through {@link #sleep}; the driving test thread moves time on ({@link #advanceTo})
 * only when every such thread is idle or waiting in fake time, one event at a time (an alarm or a
 * sleeper's wake-up, in order of time, then of booking). So every run starts and ends at an exact
 * fake instant and nothing depends on real time.
 */
public final class FakeTime extends Clock implements Timer {
    private static final long SETTLE_LIMIT_MILLIS = 20_000;

    private final Object lock = new Object();
    private final TreeSet<Entry> queue = new TreeSet<>();
    private Instant now;
    private long bookings;
    private int busy;

    /** An alarm (action set) or a sleeping thread (action null) due at {@code at}. */
    private final class Entry implements Comparable<Entry> {
        final Instant at;
        final long booking = bookings++;
        final Runnable action;
        boolean woken;

        Entry(Instant at, Runnable action) {
            this.at = at;
            this.action = action;
        }

        @Override
        public int compareTo(Entry other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(booking, other.booking);
        }
    }

    public FakeTime(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the fake clock stays in UTC");
    }

    @Override
    public Alarm schedule(Instant at, Runnable action) {
        synchronized (lock) {
            Entry entry = new Entry(at, action);
            queue.add(entry);
            return () -> {
                synchronized (lock) {
                    queue.remove(entry);
                }
            };
        }
    }

    @Override
    public void execute(Runnable run) {
        synchronized (lock) {
            busy++;
        }
        Thread thread = new Thread(() -> {
            try {
                run.run();
            } finally {
                synchronized (lock) {
                    busy--;
                    lock.notifyAll();
                }
            }
        }, "fake-run");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called from a run: waits until fake time has moved on by {@code duration}. */
    public void sleep(Duration duration) throws InterruptedException {
        synchronized (lock) {
            Entry entry = new Entry(now.plus(duration), null);
            queue.add(entry);
            busy--;
            lock.notifyAll();
            while (!entry.woken) {
                lock.wait();
            }
        }
    }

    @Override
    public boolean waitFor(BooleanSupplier done, Instant deadline) {
        while (true) {
            settle();
            if (done.getAsBoolean()) {
                return true;
            }
            if (!step(deadline)) {
                return done.getAsBoolean();
            }
        }
    }

    /** Moves time to {@code target}, running every alarm and waking every sleeper due by then, in order. */
    public void advanceTo(Instant target) {
        settle();
        while (step(target)) {
            settle();
        }
    }

    public void advance(Duration duration) {
        advanceTo(instant().plus(duration));
    }

    /** The host sleeps: time jumps on by {@code duration} with nothing happening, then what is overdue runs. */
    public void hostSleeps(Duration duration) {
        settle();
        synchronized (lock) {
            now = now.plus(duration);
        }
        advanceTo(instant());
    }

    /** Runs the first event due by {@code limit}; false (and time at the limit) if there is none. */
    private boolean step(Instant limit) {
        Entry first;
        synchronized (lock) {
            first = queue.isEmpty() ? null : queue.first();
            if (first == null || first.at.isAfter(limit)) {
                if (now.isBefore(limit)) {
                    now = limit;
                }
                return false;
            }
            queue.remove(first);
            if (first.at.isAfter(now)) {
                now = first.at;
            }
            if (first.action == null) {
                first.woken = true;
                busy++;
                lock.notifyAll();
                return true;
            }
        }
        first.action.run();
        return true;
    }

    /** Waits (really, briefly) until every run thread is idle or asleep in fake time. */
    private void settle() {
        long limit = System.currentTimeMillis() + SETTLE_LIMIT_MILLIS;
        synchronized (lock) {
            while (busy > 0) {
                long left = limit - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError(busy + " run threads did not settle: one waits on something other than fake time");
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while settling", e);
                }
            }
        }
    }
}
