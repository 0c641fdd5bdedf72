package io.pilotlight.cli;

import static java.util.Objects.requireNonNull;

import io.pilotlight.cli.config.RepositoryPassword;
import io.pilotlight.cli.config.Secret;
import io.pilotlight.exec.Command;
import io.pilotlight.exec.ProcessRunner;
import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.repo.seal.WrongKeyException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The passphrase of one daemon repository as its {@code password} in the config names it
 * (docs/configuration.md): a secret reference or a command, for this repository only, or {@code
 * none} (plain: an encrypted repository is then exit 27, a plain one holding key files is refused).
 * A named source counts as a passphrase given, so a plain repository is refused rather than read
 * (docs/design.md §20.5). Messages name the source, never the passphrase.
 */
final class ConfiguredPassphrases implements Passphrases {
    private final String repository;
    private final RepositoryPassword password;
    private final Map<String, String> environment;

    ConfiguredPassphrases(String repository, RepositoryPassword password, Map<String, String> environment) {
        this.repository = requireNonNull(repository, "repository is null");
        this.password = requireNonNull(password, "password is null");
        this.environment = Map.copyOf(environment);
    }

    @Override
    public boolean named() {
        return !(password instanceof RepositoryPassword.None);
    }

    @Override
    public String source() {
        return "repository " + repository + "'s password " + password + " in the config";
    }

    @Override
    public char[] passphrase(String what) throws IOException {
        String where = "repository " + repository + ": password " + password;
        if (password instanceof RepositoryPassword.Reference reference) {
            Secret secret;
            try {
                secret = reference.secret().resolve(environment)
                        .orElseThrow(() -> new IllegalArgumentException(where + " is not set"));
            } catch (IOException e) {
                throw new IOException(where + " cannot be read: " + e.getClass().getSimpleName(), e);
            }
            return firstLine(where, secret.reveal());
        }
        if (password instanceof RepositoryPassword.Command command) {
            return firstLine(where + "'s output", ProcessRunner.run(Command.of(command.argv().get(0),
                    command.argv().subList(1, command.argv().size())).withTimeout(Duration.ofMinutes(1)).withLabel(where)));
        }
        throw new WrongKeyException(what + " is encrypted, but the config says password: none for repository "
                + repository + ": give its password there");
    }

    private static char[] firstLine(String where, String text) throws WrongKeyException {
        String line = text.lines().findFirst().orElse("");
        if (line.isEmpty()) {
            throw new WrongKeyException(where + " gives an empty passphrase");
        }
        return line.toCharArray();
    }
}
