package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where the daemon takes one repository's passphrase from (docs/configuration.md, {@code password}):
 * used for that repository only, instead of {@code PILOTLIGHT_PASSWORD_FILE} /
 * {@code PILOTLIGHT_PASSWORD_COMMAND}. {@link #toString} names the source, never the passphrase.
 */
public sealed interface RepositoryPassword {
    /** {@code password: none}: the repository is plain; the environment's passphrase is not for it. */
    record None() implements RepositoryPassword {
        @Override
        public String toString() {
            return "none";
        }
    }

    /** {@code password: {env: NAME}} or {@code {file: /path}}: the first line of the secret. */
    record Reference(SecretRef secret) implements RepositoryPassword {
        public Reference {
            requireNonNull(secret, "secret is null");
        }

        @Override
        public String toString() {
            return secret.toString();
        }
    }

    /** {@code password: {command: [program, arg...]}}: the first line of its stdout, run without a shell. */
    record Command(List<String> argv) implements RepositoryPassword {
        public Command {
            argv = List.copyOf(requireNonNull(argv, "argv is null"));
            if (argv.isEmpty() || argv.get(0).isBlank()) {
                throw new InvalidValue("a password command is empty", "e.g. {command: [pass, show, pilotlight]}");
            }
        }

        @Override
        public String toString() {
            return "{command: " + argv.get(0) + " ...}";
        }
    }
}
