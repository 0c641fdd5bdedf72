package io.pilotlight.repo.seal;

import java.io.IOException;
import java.util.Optional;

/**
 * What opens an encrypted repository: where its passphrase comes from (a prompt, a file, a
 * command), asked only when the repository is encrypted, and the AWS KMS client that opens its
 * {@code aws-kms} keys (docs/design.md §20.2; {@link KeyOpening} says which is tried when).
 * Implementations never log or echo the passphrase.
 */
public interface Passphrases {
    /** No passphrase: opening an encrypted repository fails with {@link WrongKeyException}. */
    Passphrases NONE = new Passphrases() {
        @Override
        public char[] passphrase(String what) throws WrongKeyException {
            throw new WrongKeyException(what + " is encrypted: give its passphrase (PILOTLIGHT_PASSWORD_FILE,"
                    + " PILOTLIGHT_PASSWORD_COMMAND, or at the prompt)");
        }

        @Override
        public boolean named() {
            return false;
        }
    };

    /** The passphrase of {@code what} (e.g. {@code repository s3://bucket/prefix}). */
    char[] passphrase(String what) throws IOException;

    /**
     * Whether the user named a passphrase (a file or a command): a plain repository is then refused
     * rather than read, so an encrypted one replaced by a plain one is never read as plain.
     */
    boolean named();

    /** Where a named passphrase comes from, for messages (never the passphrase). */
    default String source() {
        return "PILOTLIGHT_PASSWORD_FILE or PILOTLIGHT_PASSWORD_COMMAND";
    }

    /** The client of {@code aws-kms} key files; without one they are skipped (the default). */
    default Optional<Kms> kms() {
        return Optional.empty();
    }

    /**
     * The AWS KMS key the user named to open with (an ARN, a key id, or a key file's id): only the
     * key files it wraps are tried, and no passphrase is asked. None by default.
     */
    default Optional<String> namedKmsKey() {
        return Optional.empty();
    }

    /** A fixed passphrase (tests, and a library caller that has one). */
    static Passphrases of(char[] passphrase) {
        char[] copy = passphrase.clone();
        return new Passphrases() {
            @Override
            public char[] passphrase(String what) {
                return copy.clone();
            }

            @Override
            public boolean named() {
                return true;
            }
        };
    }
}
