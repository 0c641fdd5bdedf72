package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a secret is, never the secret: {@code {env: NAME}} (an environment variable) or
 * {@code {file: /path}} (the first line of a file). {@link #toString} shows the reference only.
 */
public sealed interface SecretRef {
    /**
     * The secret's value, read now: empty when the variable is not set or the file is missing.
     *
     * @throws IOException when the file exists but cannot be read
     */
    Optional<Secret> resolve(Map<String, String> environment) throws IOException;

    record Env(String name) implements SecretRef {
        public Env {
            requireNonNull(name, "name is null");
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new InvalidValue("environment variable name '" + name + "' is not valid",
                        "letters, digits and '_', not starting with a digit");
            }
        }

        @Override
        public Optional<Secret> resolve(Map<String, String> environment) {
            return Optional.ofNullable(environment.get(name)).map(value -> new Secret(this, value));
        }

        @Override
        public String toString() {
            return "{env: " + name + "}";
        }
    }

    record File(Path path) implements SecretRef {
        public File {
            requireNonNull(path, "path is null");
            if (!path.isAbsolute()) {
                throw new InvalidValue("secret file '" + path + "' is not absolute", "write it from the root");
            }
        }

        @Override
        public Optional<Secret> resolve(Map<String, String> environment) throws IOException {
            if (!Files.exists(path)) {
                return Optional.empty();
            }
            String value = Files.readString(path, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            return Optional.of(new Secret(this, value));
        }

        @Override
        public String toString() {
            return "{file: " + path + "}";
        }
    }
}
