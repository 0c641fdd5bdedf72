package io.pilotlight.schedule;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag the scheduler sets when a run should end early (the scheduler stops); set once, never cleared. */
public final class Cancellation {
    private final AtomicBoolean set = new AtomicBoolean();

    public boolean isSet() {
        return set.get();
    }

    void set() {
        set.set(true);
    }
}
