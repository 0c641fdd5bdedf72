package io.pilotlight.repo.seal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.PasswordConverter;

/**
 * Argon2id (RFC 9106) turning a passphrase into a key-encryption key, with its parameters as
 * recorded in a key file: each key keeps the parameters it was made with, so they can be raised for
 * new keys without touching old ones.
 *
 * @param memoryKib memory in KiB (default 64 MiB)
 * @param iterations passes over the memory (default 3)
 * @param parallelism lanes (default 1)
 * @param salt 16 random bytes, base64
 */
public record Argon2Params(String algorithm, int memoryKib, int iterations, int parallelism, String salt) {
    public static final String ARGON2ID = "argon2id";
    public static final int DEFAULT_MEMORY_KIB = 64 * 1024;
    public static final int DEFAULT_ITERATIONS = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    public Argon2Params {
        if (!ARGON2ID.equals(algorithm)) {
            throw new IllegalArgumentException("key derivation '" + algorithm + "' is not supported: only "
                    + ARGON2ID);
        }
        if (memoryKib < 8 * parallelism || memoryKib > 4 * 1024 * 1024 || iterations < 1 || iterations > 100
                || parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("argon2id memory " + memoryKib + " KiB, " + iterations
                    + " iterations, parallelism " + parallelism + ": memory must be 8 KiB per lane to 4 GiB,"
                    + " iterations 1 to 100, parallelism 1 to 16");
        }
        if (salt == null || Base64.getDecoder().decode(salt).length < 16) {
            throw new IllegalArgumentException("argon2id salt must be at least 16 bytes (base64)");
        }
    }

    /** Fresh parameters with a new random salt. */
    public static Argon2Params fresh(int memoryKib, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new Argon2Params(ARGON2ID, memoryKib, iterations, 1, Base64.getEncoder().encodeToString(salt));
    }

    public static Argon2Params defaults() {
        return fresh(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS);
    }

    /** The same cost with a new salt (a new key or a new passphrase never reuses one). */
    public Argon2Params resalted() {
        return fresh(memoryKib, iterations);
    }

    /** The 32-byte key-encryption key of {@code passphrase} (UTF-8, as BouncyCastle encodes it). */
    byte[] derive(char[] passphrase) {
        byte[] password = PasswordConverter.UTF8.convert(passphrase);
        try {
            return Argon2id.derive(password, Base64.getDecoder().decode(salt), memoryKib, iterations, parallelism, 32);
        } finally {
            java.util.Arrays.fill(password, (byte) 0);
        }
    }

    @JsonIgnore
    public String summary() {
        return ARGON2ID + " m=" + memoryKib + "KiB t=" + iterations + " p=" + parallelism;
    }
}
