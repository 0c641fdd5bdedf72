package io.pilotlight.exec;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/** An external program did not do its job: it is missing, or it ran and failed. The message names it. */
public abstract sealed class ToolException extends IOException permits ToolMissingException, ToolFailedException {
    private final String program;

    ToolException(String program, String message, Throwable cause) {
        super(message, cause);
        this.program = requireNonNull(program, "program is null");
    }

    /** The program as the command named it: a name looked up on PATH, or a path. */
    public String program() {
        return program;
    }
}
