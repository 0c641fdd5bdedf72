package io.pilotlight.recovery.drill;

import java.io.InterruptedIOException;
import java.time.Duration;

/** The one pause of a drill's polling loops; an interrupt ends the drill (its cleanup still runs). */
final class Waits {
    private Waits() {}

    static void pause(Duration duration) throws InterruptedIOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("drill interrupted");
        }
    }
}
