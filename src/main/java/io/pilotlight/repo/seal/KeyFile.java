package io.pilotlight.repo.seal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One way into a repository (docs/design.md §20.2): the master key wrapped by a key-encryption key.
 * The object {@code keys/<id>} holds it as JSON, unsealed, with a checksum of its fields that tells
 * damage from a wrong passphrase.
 *
 * @param kind {@code passphrase} (the key-encryption key is Argon2id of a passphrase, {@link #kdf}) or
 *     {@code aws-kms} (the master key encrypted by the AWS KMS key {@link #kmsKeyId})
 * @param wrapped {@code passphrase}: base64 of a 12-byte random nonce, the encrypted master key and the
 *     tag, the associated data {@code pilotlight key <repository id> <key id>}; {@code aws-kms}: base64
 *     of KMS's ciphertext blob, made under the encryption context {@link #kmsContext}
 * @param checksum SHA-256 (hex) of {@link #canonical}; absent in key files written before it existed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyFile(int version, String id, String created, String host, String kind, Argon2Params kdf,
        String kmsKeyId, String wrapped, String checksum) {
    public static final String PASSPHRASE = "passphrase";
    public static final String AWS_KMS = "aws-kms";
    private static final int PASSPHRASE_WRAPPED = 12 + MasterKey.LENGTH + ObjectSeal.TAG;
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
        if (AWS_KMS.equals(kind) && kmsKeyId == null) {
            throw new IllegalArgumentException("key " + id + ": an aws-kms key needs its kmsKeyId");
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
        return new KeyFile(1, id, created, host, PASSPHRASE, kdf, null, Base64.getEncoder().encodeToString(out), null)
                .withChecksum();
    }

    /** Wraps {@code master} with the KMS key {@code kmsKey} (a key or alias ARN), bound to this repository and id. */
    static KeyFile wrap(String repositoryId, String id, String created, String host, MasterKey master, Kms kms,
            String kmsKey) throws IOException {
        Kms.Wrapped wrapped;
        try {
            wrapped = kms.encrypt(kmsKey, master.material(), kmsContext(repositoryId, id));
        } catch (KmsException e) {
            throw new KmsException(e.kind(), "AWS KMS key " + kmsKey + ": " + e.getMessage(), e.getCause());
        } catch (WrongKeyException e) {
            throw new WrongKeyException("AWS KMS key " + kmsKey + ": " + e.getMessage());
        }
        return new KeyFile(1, id, created, host, AWS_KMS, null, wrapped.keyArn(),
                Base64.getEncoder().encodeToString(wrapped.ciphertext()), null).withChecksum();
    }

    /** The master key if {@code passphrase} is this key's; empty if it is not (or this is no passphrase key). */
    Optional<MasterKey> unwrap(String repositoryId, char[] passphrase) {
        if (!PASSPHRASE.equals(kind)) {
            return Optional.empty();
        }
        byte[] in = Base64.getDecoder().decode(wrapped);
        try {
            return Optional.of(MasterKey.of(cipher(Cipher.DECRYPT_MODE, kdf.derive(passphrase),
                    Arrays.copyOf(in, 12), aad(repositoryId, id), Arrays.copyOfRange(in, 12, in.length))));
        } catch (WrongKey e) {
            return Optional.empty();
        }
    }

    /** The master key from KMS; a refusal names this key, its KMS key and the reason. */
    MasterKey unwrap(String repositoryId, Kms kms) throws IOException {
        if (!AWS_KMS.equals(kind)) {
            throw new IllegalStateException("key " + id + " is a " + kind + " key, not an " + AWS_KMS + " key");
        }
        byte[] master;
        try {
            master = kms.decrypt(kmsKeyId, Base64.getDecoder().decode(wrapped), kmsContext(repositoryId, id));
        } catch (WrongKeyException e) {
            throw new WrongKeyException(describe() + " does not open repository " + repositoryId + ": " + e.getMessage()
                    + ": a key file copied from another repository, or renamed?");
        } catch (KmsException e) {
            throw new KmsException(e.kind(), describe() + ": " + e.getMessage(), e.getCause());
        }
        if (master.length != MasterKey.LENGTH) {
            throw new DamagedKeyFileException("key file " + KeyRing.PREFIX + id + " is damaged: AWS KMS decrypted"
                    + " its wrapped key to " + master.length + " bytes, not " + MasterKey.LENGTH);
        }
        return MasterKey.of(master);
    }

    /** {@code key 0123abcd (AWS KMS key arn:…)} or {@code key 0123abcd (passphrase)}, for messages. */
    @JsonIgnore
    public String describe() {
        return "key " + id + (AWS_KMS.equals(kind) ? " (AWS KMS key " + kmsKeyId + ")" : " (" + kind + ")");
    }

    /** The encryption context of an {@code aws-kms} key: its repository and its id (§20.2). */
    static Map<String, String> kmsContext(String repositoryId, String id) {
        return Map.of("pilotlight-repository", repositoryId, "pilotlight-key", id);
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

    /**
     * The text the checksum is of (§20.2): one line {@code name=value} per field present, in the
     * order version, id, created, host, kind, kdf.algorithm, kdf.memoryKib, kdf.iterations,
     * kdf.parallelism, kdf.salt, kmsKeyId, wrapped; each line ends in a newline.
     */
    @JsonIgnore
    String canonical() {
        StringBuilder text = new StringBuilder();
        line(text, "version", Integer.toString(version));
        line(text, "id", id);
        line(text, "created", created);
        line(text, "host", host);
        line(text, "kind", kind);
        if (kdf != null) {
            line(text, "kdf.algorithm", kdf.algorithm());
            line(text, "kdf.memoryKib", Integer.toString(kdf.memoryKib()));
            line(text, "kdf.iterations", Integer.toString(kdf.iterations()));
            line(text, "kdf.parallelism", Integer.toString(kdf.parallelism()));
            line(text, "kdf.salt", kdf.salt());
        }
        line(text, "kmsKeyId", kmsKeyId);
        line(text, "wrapped", wrapped);
        return text.toString();
    }

    private static void line(StringBuilder text, String name, String value) {
        if (value != null) {
            text.append(name).append('=').append(value).append('\n');
        }
    }

    private String computedChecksum() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    private KeyFile withChecksum() {
        return new KeyFile(version, id, created, host, kind, kdf, kmsKeyId, wrapped, computedChecksum());
    }

    byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("key file cannot be written as JSON", e);
        }
    }

    /**
     * Reads the key file stored as {@code key} ({@code keys/<id>}). Anything that is not a whole,
     * unchanged key file is a {@link DamagedKeyFileException} naming it: bad JSON, a field out of its
     * rules, an {@code id} other than its name, a {@code wrapped} of the wrong form, or fields that
     * do not hash to its {@code checksum}. A key file without a checksum (written before it) is read
     * with the other checks only.
     */
    static KeyFile fromJson(String key, byte[] json) throws DamagedKeyFileException {
        KeyFile file;
        try {
            file = JSON.readValue(json, KeyFile.class);
        } catch (IOException | RuntimeException e) {
            throw damaged(key, "not a valid key file (" + String.valueOf(e.getMessage()).lines().findFirst()
                    .orElse("") + ")");
        }
        if (file == null) {
            throw damaged(key, "empty");
        }
        if (file.checksum() != null && !file.checksum().equals(file.computedChecksum())) {
            throw damaged(key, "its fields do not match its checksum " + file.checksum() + " (changed after it was"
                    + " written)");
        }
        if (!key.equals(KeyRing.PREFIX + file.id())) {
            throw damaged(key, "it names itself key " + file.id());
        }
        file.checkWrapped(key);
        return file;
    }

    private void checkWrapped(String key) throws DamagedKeyFileException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(wrapped);
        } catch (IllegalArgumentException e) {
            throw damaged(key, "its wrapped key is not base64");
        }
        if (PASSPHRASE.equals(kind) && bytes.length != PASSPHRASE_WRAPPED) {
            throw damaged(key, "its wrapped master key is " + bytes.length + " bytes, not " + PASSPHRASE_WRAPPED);
        }
        if (bytes.length == 0) {
            throw damaged(key, "its wrapped key is empty");
        }
    }

    private static DamagedKeyFileException damaged(String key, String reason) {
        return new DamagedKeyFileException("key file " + key + " is damaged: " + reason);
    }
}
