package io.pilotlight.recovery.image;

/** Another process (a follower) holds the target image's lock; exit code "locked". */
public final class TargetInUseException extends TargetExistsException {
    public TargetInUseException(String message) {
        super(message);
    }
}
