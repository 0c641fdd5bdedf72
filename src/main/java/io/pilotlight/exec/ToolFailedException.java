package io.pilotlight.exec;

import java.util.List;
import java.util.OptionalInt;

/**
 * The program ran and failed: it exited non-zero, outlived its timeout, or stopped before it was ready.
 * The message names the program, its exit status (if it exited) and the tail of its stderr.
 */
public final class ToolFailedException extends ToolException {
    private final OptionalInt exitStatus;
    private final List<String> stderrTail;

    public ToolFailedException(String program, OptionalInt exitStatus, List<String> stderrTail, String message) {
        super(program, message, null);
        this.exitStatus = exitStatus;
        this.stderrTail = List.copyOf(stderrTail);
    }

    /** The exit status; empty when the program was stopped (timeout) rather than exiting on its own. */
    public OptionalInt exitStatus() {
        return exitStatus;
    }

    /** The last lines of its stderr, oldest first; empty if it wrote none. */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
