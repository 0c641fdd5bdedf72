package io.pilotlight.recovery.image;

import java.io.IOException;

/** The restore target exists and {@code --force} was not given, or does not fit the disk. */
public class TargetExistsException extends IOException {
    public TargetExistsException(String message) {
        super(message);
    }
}
