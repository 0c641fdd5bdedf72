package io.pilotlight.cli;

import io.pilotlight.exec.Command;
import io.pilotlight.exec.ProcessRunner;
import io.pilotlight.repo.seal.Kms;
import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.repo.seal.WrongKeyException;
import io.pilotlight.repo.seal.aws.AwsKms;
import java.io.Console;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The passphrase of an encrypted repository as the user gives it, never as an argument: the file
 * {@code PILOTLIGHT_PASSWORD_FILE} names (its first line), the stdout of the shell command
 * {@code PILOTLIGHT_PASSWORD_COMMAND} (its first line; run through {@code exec}, one minute at most),
 * or a prompt on the terminal. Messages name the variable, never the passphrase. AWS KMS keys are
 * opened with the environment's AWS credentials (else the SDK's chain) at {@code AWS_ENDPOINT_URL_KMS}
 * or {@code AWS_ENDPOINT_URL} if set; {@code PILOTLIGHT_AWS_KMS_KEY} names the one to open with.
 */
final class EnvironmentPassphrases implements Passphrases {
    static final String FILE = "PILOTLIGHT_PASSWORD_FILE";
    static final String COMMAND = "PILOTLIGHT_PASSWORD_COMMAND";
    /** For {@code key add} and {@code key passwd}: the new passphrase, from a file. */
    static final String NEW_FILE = "PILOTLIGHT_NEW_PASSWORD_FILE";
    /** The AWS KMS key to open with (its ARN, key id or key file id): no passphrase is asked. */
    static final String KMS_KEY = "PILOTLIGHT_AWS_KMS_KEY";
    /** Where AWS KMS is (a VPC endpoint, a test server): else {@code AWS_ENDPOINT_URL}, else AWS's own. */
    static final String KMS_ENDPOINT = "AWS_ENDPOINT_URL_KMS";

    private final Map<String, String> environment;
    private final Optional<Console> console;

    EnvironmentPassphrases(Map<String, String> environment, Optional<Console> console) {
        this.environment = Map.copyOf(environment);
        this.console = console;
    }

    @Override
    public boolean named() {
        return set(FILE) || set(COMMAND) || set(KMS_KEY);
    }

    /** Whether a passphrase file or command is named (a named KMS key is not a passphrase). */
    boolean passphraseNamed() {
        return set(FILE) || set(COMMAND);
    }

    @Override
    public Optional<Kms> kms() {
        String url = set(KMS_ENDPOINT) ? environment.get(KMS_ENDPOINT) : environment.get("AWS_ENDPOINT_URL");
        Optional<URI> endpoint = Optional.ofNullable(url).filter(u -> !u.isBlank()).map(u -> {
            URI uri = URI.create(u);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("AWS KMS endpoint '" + u + "' (" + KMS_ENDPOINT + " or"
                        + " AWS_ENDPOINT_URL) is not a URL such as https://host:port");
            }
            return uri;
        });
        return Optional.of(new AwsKms(endpoint, AwsArguments.credentials(environment)));
    }

    @Override
    public Optional<String> namedKmsKey() {
        return set(KMS_KEY) ? Optional.of(environment.get(KMS_KEY).strip()) : Optional.empty();
    }

    @Override
    public char[] passphrase(String what) throws IOException {
        if (set(FILE)) {
            return fromFile(FILE);
        }
        if (set(COMMAND)) {
            String out = ProcessRunner.run(Command.of("sh", "-c", environment.get(COMMAND))
                    .withTimeout(Duration.ofMinutes(1)).withLabel(COMMAND));
            return firstLine(COMMAND + "'s output", out);
        }
        if (console.isPresent()) {
            char[] typed = console.get().readPassword("Passphrase for %s: ", what);
            if (typed != null && typed.length > 0) {
                return typed;
            }
        }
        return Passphrases.NONE.passphrase(what);
    }

    /** A new passphrase: {@code PILOTLIGHT_NEW_PASSWORD_FILE}, else typed twice at the prompt. */
    char[] newPassphrase() throws IOException {
        if (set(NEW_FILE)) {
            return fromFile(NEW_FILE);
        }
        if (console.isEmpty()) {
            throw new IllegalArgumentException("no new passphrase: set " + NEW_FILE + " or run on a terminal");
        }
        char[] first = console.get().readPassword("New passphrase: ");
        char[] second = console.get().readPassword("Repeat the new passphrase: ");
        if (first == null || first.length == 0 || !Arrays.equals(first, second)) {
            throw new IllegalArgumentException("the two new passphrases are empty or differ: nothing changed");
        }
        return first;
    }

    private boolean set(String variable) {
        return environment.containsKey(variable) && !environment.get(variable).isEmpty();
    }

    private char[] fromFile(String variable) throws IOException {
        Path file = Path.of(environment.get(variable));
        try {
            return firstLine(variable + " (" + file + ")", Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(variable + " names " + file + ", which cannot be read: " + e.getClass().getSimpleName(),
                    e);
        }
    }

    private static char[] firstLine(String where, String text) throws WrongKeyException {
        String line = text.lines().findFirst().orElse("");
        if (line.isEmpty()) {
            throw new WrongKeyException(where + " gives an empty passphrase");
        }
        return line.toCharArray();
    }
}
