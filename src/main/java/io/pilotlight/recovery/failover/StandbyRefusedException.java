package io.pilotlight.recovery.failover;

import io.pilotlight.recovery.image.TargetExistsException;

/** A standby image that must not be started: not at a committed point, mid-write, or changed since (exit 9). */
public final class StandbyRefusedException extends TargetExistsException {
    public StandbyRefusedException(String message) {
        super(message);
    }
}
