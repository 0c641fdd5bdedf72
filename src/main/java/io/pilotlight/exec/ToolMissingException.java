package io.pilotlight.exec;

/** The program could not be started: not found, or not executable. The message says how to install it. */
public final class ToolMissingException extends ToolException {
    public ToolMissingException(String program, String message, Throwable cause) {
        super(program, message, cause);
    }
}
