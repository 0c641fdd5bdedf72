package io.pilotlight.repo.seal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Map;

/**
 * A key management service that wraps a repository's master key under a key it holds and never
 * hands out (docs/design.md §20.2, kind {@code aws-kms}): AWS KMS in {@code io.pilotlight.repo.seal.aws}.
 * Both calls bind the data to an encryption context: decrypting needs the same context.
 * Failures: {@link KmsException} (the key unusable, access denied, no credentials, unreachable) or,
 * when the service refuses the ciphertext under this context or key, {@link WrongKeyException}.
 */
public interface Kms {
    /** The ciphertext and the ARN of the key that made it (the key itself, when given an alias). */
    record Wrapped(String keyArn, byte[] ciphertext) {
        public Wrapped {
            requireNonNull(keyArn, "keyArn is null");
            requireNonNull(ciphertext, "ciphertext is null");
        }
    }

    /** Encrypts {@code plaintext} under the key {@code keyId} (a key or alias ARN). */
    Wrapped encrypt(String keyId, byte[] plaintext, Map<String, String> context) throws IOException;

    /** Decrypts {@code ciphertext}, which must have been made by the key {@code keyArn} under {@code context}. */
    byte[] decrypt(String keyArn, byte[] ciphertext, Map<String, String> context) throws IOException;
}
