package io.pilotlight.target;

/** Another process (a follower) holds the target image's lock; exit code "locked". */
public final class TargetInUseException extends TargetExistsException {
    public TargetInUseException(String message) {
        super(message);
    }
}
