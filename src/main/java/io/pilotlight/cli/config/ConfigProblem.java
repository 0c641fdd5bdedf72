package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

/**
 * One problem in a configuration file: where it is ({@code FILE:LINE:COLUMN}, 1-based), the key path
 * ({@code disks.vm1-sda.rpo}, empty for the whole file), the rule broken and a hint how to fix it
 * (empty when there is nothing to add). Messages never hold a secret's value.
 */
public record ConfigProblem(String file, int line, int column, String path, Severity severity, String message,
        String hint) {
    public enum Severity { ERROR, WARNING }

    public ConfigProblem {
        requireNonNull(file, "file is null");
        requireNonNull(path, "path is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(message, "message is null");
        requireNonNull(hint, "hint is null");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
        }
    }

    /** {@code FILE:LINE:COLUMN: error: PATH: MESSAGE (HINT)}, the one-line form {@code config check} prints. */
    public String format() {
        String where = file + ":" + line + ":" + column + ": " + (severity == Severity.ERROR ? "error" : "warning");
        String what = path.isEmpty() ? message : path + ": " + message;
        return where + ": " + what + (hint.isEmpty() ? "" : " (" + hint + ")");
    }
}
