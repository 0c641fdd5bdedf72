package io.pilotlight.repo;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a repository names content (chunks, segments, packs, index files): SHA-256 of it in a plain
 * repository, HMAC-SHA-256 under the id key in an encrypted one (docs/design.md §20.4), so an id
 * says nothing of the content and two repositories name the same data differently. Thread-safe.
 */
public abstract sealed class ContentIds {
    /** The ids of plain repositories. */
    public static final ContentIds SHA256 = new Sha256();

    /** Keyed ids under {@code key} (32 bytes). */
    public static ContentIds keyed(byte[] key) {
        return new Keyed(key);
    }

    public abstract Hash of(byte[] data, int offset, int length);

    public Hash of(byte[] data) {
        return of(data, 0, data.length);
    }

    private static final class Sha256 extends ContentIds {
        @Override
        public Hash of(byte[] data, int offset, int length) {
            return Hash.of(data, offset, length);
        }
    }

    private static final class Keyed extends ContentIds {
        private final ThreadLocal<Mac> macs;

        Keyed(byte[] key) {
            SecretKeySpec spec = new SecretKeySpec(key.clone(), "HmacSHA256");
            this.macs = ThreadLocal.withInitial(() -> {
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(spec);
                    return mac;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("this Java runtime has no HMAC-SHA-256", e);
                }
            });
        }

        @Override
        public Hash of(byte[] data, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, data.length);
            Mac mac = macs.get();
            for (int at = offset, end = offset + length; at < end; at += Hash.SLICE) {
                mac.update(data, at, Math.min(Hash.SLICE, end - at));
            }
            return Hash.fromBytes(mac.doFinal(), 0);
        }
    }
}
