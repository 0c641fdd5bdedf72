package io.pilotlight.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The daemon's timer on the real clock, with alarms that are due at once (no test waits for time to pass). */
class SystemTimerTest {
    @Test
    void aDueAlarmFiresAndACancelledOneDoesNot() throws InterruptedException {
        try (SystemTimer timer = new SystemTimer(Clock.systemUTC(), Duration.ofSeconds(30))) {
            CountDownLatch fired = new CountDownLatch(1);
            AtomicBoolean cancelledFired = new AtomicBoolean();
            timer.schedule(Instant.now().plus(Duration.ofDays(1)), () -> cancelledFired.set(true)).cancel();
            timer.schedule(Instant.now().minusSeconds(1), fired::countDown);

            assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cancelledFired).isFalse();
        }
    }

    @Test
    void runsGoToAnotherThreadAndWaitForEndsWhenDone() throws InterruptedException {
        try (SystemTimer timer = new SystemTimer(Clock.systemUTC(), Duration.ofSeconds(30))) {
            CountDownLatch ran = new CountDownLatch(1);
            Thread caller = Thread.currentThread();
            AtomicBoolean otherThread = new AtomicBoolean();
            timer.execute(() -> {
                otherThread.set(Thread.currentThread() != caller);
                ran.countDown();
            });

            assertThat(timer.waitFor(() -> ran.getCount() == 0, Instant.now().plusSeconds(10))).isTrue();
            assertThat(otherThread).isTrue();
            assertThat(timer.waitFor(() -> false, Instant.now().minusSeconds(1))).isFalse();
        }
    }
}
