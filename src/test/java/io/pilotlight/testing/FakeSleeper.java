package io.pilotlight.testing;

import io.pilotlight.store.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake clock for the decorators: records every wait and never really sleeps. If it advances,
 * each wait moves the clock on by its length (one thread's view of time); if frozen, time stands
 * still, so the waits show how far ahead each caller was booked. Like {@link Thread#sleep}, a
 * wait on an interrupted thread throws {@link InterruptedException} and clears the flag.
 */
public final class FakeSleeper implements Sleeper {
    private final boolean advances;
    private final List<Duration> sleeps = new ArrayList<>();
    private long now = 1_000_000_000L;

    private FakeSleeper(boolean advances) {
        this.advances = advances;
    }

    public static FakeSleeper advancing() {
        return new FakeSleeper(true);
    }

    public static FakeSleeper frozen() {
        return new FakeSleeper(false);
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("fake sleep of " + duration + " interrupted");
        }
        synchronized (this) {
            sleeps.add(duration);
            if (advances) {
                now += duration.toNanos();
            }
        }
    }

    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    public synchronized Duration total() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }

    public synchronized Duration longest() {
        return sleeps.stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
