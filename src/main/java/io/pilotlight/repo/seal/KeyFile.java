package io.pilotlight.repo.seal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One way into a repository (docs/design.md §20.2): the master key wrapped (AES-256-GCM) by a
 * key-encryption key. The object {@code keys/<id>} holds it as JSON, unsealed.
 *
 * @param kind {@code passphrase} (the key-encryption key is Argon2id of a passphrase, {@link #kdf}) or
 *     {@code aws-kms} (the master key wrapped by the AWS KMS key {@link #kmsKeyId}; reserved, not yet
 *     implemented)
 * @param wrapped base64 of a 12-byte random nonce, the encrypted master key and the tag; the
 *     associated data is {@code pilotlight key <repository id> <key id>}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyFile(int version, String id, String created, String host, String kind, Argon2Params kdf,
        String kmsKeyId, String wrapped) {
    public static final String PASSPHRASE = "passphrase";
    public static final String AWS_KMS = "aws-kms";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public KeyFile {
        requireNonNull(id, "id is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(wrapped, "wrapped is null");
        if (PASSPHRASE.equals(kind) && kdf == null) {
            throw new IllegalArgumentException("key " + id + ": a passphrase key needs its kdf parameters");
        }
    }

    /** Wraps {@code master} under a key derived from {@code passphrase} with {@code kdf}. */
    static KeyFile wrap(String repositoryId, String id, String created, String host, MasterKey master,
            char[] passphrase, Argon2Params kdf) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, kdf.derive(passphrase), nonce, aad(repositoryId, id),
                master.material());
        byte[] out = new byte[12 + sealed.length];
        System.arraycopy(nonce, 0, out, 0, 12);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        return new KeyFile(1, id, created, host, PASSPHRASE, kdf, null, Base64.getEncoder().encodeToString(out));
    }

    /** The master key if {@code passphrase} is this key's; empty if it is not. */
    Optional<MasterKey> unwrap(String repositoryId, char[] passphrase) throws IOException {
        if (!PASSPHRASE.equals(kind)) {
            return Optional.empty();
        }
        byte[] in = Base64.getDecoder().decode(wrapped);
        if (in.length != 12 + MasterKey.LENGTH + ObjectSeal.TAG) {
            throw new SealException("key " + id + ": wrapped master key is " + in.length + " bytes, not "
                    + (12 + MasterKey.LENGTH + ObjectSeal.TAG));
        }
        try {
            return Optional.of(MasterKey.of(cipher(Cipher.DECRYPT_MODE, kdf.derive(passphrase),
                    Arrays.copyOf(in, 12), aad(repositoryId, id), Arrays.copyOfRange(in, 12, in.length))));
        } catch (WrongKey e) {
            return Optional.empty();
        }
    }

    private static byte[] aad(String repositoryId, String id) {
        return ("pilotlight key " + repositoryId + " " + id).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] cipher(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new WrongKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM failed: " + e.getMessage(), e);
        }
    }

    private static final class WrongKey extends RuntimeException {
        WrongKey() {
            super(null, null, false, false);
        }
    }

    byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("key file cannot be written as JSON", e);
        }
    }

    static KeyFile fromJson(String key, byte[] json) throws SealException {
        try {
            return JSON.readValue(json, KeyFile.class);
        } catch (IOException | RuntimeException e) {
            throw new SealException(key + ": key file is not valid (" + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse("") + ")");
        }
    }
}
