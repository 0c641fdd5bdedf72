package io.pilotlight.exec;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One external program to run: {@code program} (a name looked up on PATH, or a path) with {@code
 * arguments}, run without a shell. {@code timeout} bounds a run to completion (empty: unbounded).
 * {@code stdin} defaults to {@code /dev/null}; {@code stdout} and {@code stderr} go to files when given
 * (the same file for both merges them), otherwise the runner reads them. {@code environment} is added to
 * the inherited one. {@code label} names the command in messages ({@code 'qemu-img info …'} by default),
 * {@code install} says how to get the program when it is missing, and a failure quotes the last {@code
 * tailLines} lines of stderr.
 */
public record Command(String program, List<String> arguments, Optional<Duration> timeout, Optional<Path> stdin,
        Optional<Path> stdout, Optional<Path> stderr, Map<String, String> environment, String label, String install,
        int tailLines) {
    public Command {
        requireNonNull(program, "program is null");
        if (program.isBlank()) {
            throw new IllegalArgumentException("program is blank: name the program to run");
        }
        arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
        requireNonNull(timeout, "timeout is null");
        timeout.ifPresent(limit -> {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("timeout " + limit + " of " + program + ": must be positive");
            }
        });
        requireNonNull(stdin, "stdin is null");
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
        environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        requireNonNull(label, "label is null");
        requireNonNull(install, "install is null");
        if (tailLines < 1) {
            throw new IllegalArgumentException("tailLines " + tailLines + " of " + program + ": must be at least 1");
        }
    }

    /** {@code program arguments…}, unbounded in time, labelled with its command line, quoting one stderr line. */
    public static Command of(String program, List<String> arguments) {
        return new Command(program, arguments, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of(), "'" + commandLine(program, arguments) + "'", "", 1);
    }

    public static Command of(String program, String... arguments) {
        return of(program, List.of(arguments));
    }

    public Command withTimeout(Duration limit) {
        return new Command(program, arguments, Optional.of(limit), stdin, stdout, stderr, environment, label, install,
                tailLines);
    }

    public Command withStdin(Path file) {
        return new Command(program, arguments, timeout, Optional.of(file), stdout, stderr, environment, label, install,
                tailLines);
    }

    public Command withStdout(Path file) {
        return new Command(program, arguments, timeout, stdin, Optional.of(file), stderr, environment, label, install,
                tailLines);
    }

    public Command withStderr(Path file) {
        return new Command(program, arguments, timeout, stdin, stdout, Optional.of(file), environment, label, install,
                tailLines);
    }

    public Command withEnvironment(Map<String, String> variables) {
        return new Command(program, arguments, timeout, stdin, stdout, stderr, variables, label, install, tailLines);
    }

    public Command withLabel(String text) {
        return new Command(program, arguments, timeout, stdin, stdout, stderr, environment, text, install, tailLines);
    }

    /** How to install the program, quoted when it is missing: {@code install qemu-utils (Debian/Ubuntu: …)}. */
    public Command withInstall(String text) {
        return new Command(program, arguments, timeout, stdin, stdout, stderr, environment, label, text, tailLines);
    }

    public Command withTailLines(int lines) {
        return new Command(program, arguments, timeout, stdin, stdout, stderr, environment, label, install, lines);
    }

    /** The program and its arguments, space-separated (for messages; not quoted for a shell). */
    public String commandLine() {
        return commandLine(program, arguments);
    }

    private static String commandLine(String program, List<String> arguments) {
        return arguments.isEmpty() ? program : program + " " + String.join(" ", arguments);
    }
}
