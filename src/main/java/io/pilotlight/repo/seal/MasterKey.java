package io.pilotlight.repo.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A repository's 32 random bytes, from which every other key is derived (HMAC-SHA-256 with a
 * label): the data key that seals objects, and the id key of keyed content ids. Stored only
 * wrapped ({@link KeyFile}); {@link #toString} never shows it.
 */
public final class MasterKey {
    public static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] material;
    private final byte[] dataKey;
    private final byte[] idKey;

    private MasterKey(byte[] material) {
        if (material.length != LENGTH) {
            throw new IllegalArgumentException("a master key is " + LENGTH + " bytes, not " + material.length);
        }
        this.material = material.clone();
        this.dataKey = derive(material, "pilotlight data key");
        this.idKey = derive(material, "pilotlight id key");
    }

    public static MasterKey random() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        return new MasterKey(bytes);
    }

    static MasterKey of(byte[] material) {
        return new MasterKey(material);
    }

    byte[] material() {
        return material.clone();
    }

    /** The key of keyed content ids: HMAC-SHA-256 with it names chunks, segments, packs and index files. */
    public byte[] idKey() {
        return idKey.clone();
    }

    /** The AES-256 key that seals one object: bound to its random salt and its name. */
    byte[] objectKey(byte[] salt, String name) {
        Mac mac = hmac(dataKey);
        mac.update(salt);
        mac.update((byte) 0);
        return mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] derive(byte[] key, String label) {
        return hmac(key).doFinal(label.getBytes(StandardCharsets.UTF_8));
    }

    static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no HMAC-SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MasterKey key && Arrays.equals(material, key.material);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(idKey);
    }

    @Override
    public String toString() {
        return "MasterKey[hidden]";
    }
}
