package io.pilotlight.alert;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** A sliding window over the times messages were let through. Not thread-safe: the engine holds its lock. */
final class RateLimiter {
    private final Deque<Instant> sent = new ArrayDeque<>();
    private int held;

    /** True when a message may go now (and counts it); otherwise the message is held back and counted. */
    boolean tryAcquire(RateLimit limit, Instant now) {
        Instant windowStart = now.minus(limit.per());
        while (!sent.isEmpty() && !sent.peekFirst().isAfter(windowStart)) {
            sent.removeFirst();
        }
        if (sent.size() >= limit.messages()) {
            held++;
            return false;
        }
        sent.addLast(now);
        return true;
    }

    /** Messages held back since the last call, and resets the count. */
    int takeHeld() {
        int count = held;
        held = 0;
        return count;
    }
}
