package io.pilotlight.repo.seal;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sealed form of an object (docs/design.md §20.3): a 28-byte header ({@code PLS1}, a random
 * 16-byte salt, the plaintext size), then the plaintext in frames of 16 KiB (the last shorter), each
 * AES-256-GCM with its 16-byte tag. The key of an object is HMAC-SHA-256(data key, salt || 0 ||
 * name): fresh for every write, and bound to the object's name, so one object's body under another
 * name does not open. The nonce of frame i is i (96 bits, big-endian); the header is every frame's
 * associated data, so its size and salt cannot be changed either. Ranged reads open only the frames
 * they touch.
 */
public final class ObjectSeal {
    public static final int FRAME = 16 * 1024;
    public static final int TAG = 16;
    public static final int SALT = 16;
    public static final int HEADER = 4 + SALT + 8;
    private static final byte[] MAGIC = {'P', 'L', 'S', '1'};
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One cipher per thread, initialised afresh (new key or nonce) for every frame. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no AES/GCM/NoPadding", e);
        }
    });

    private final MasterKey key;

    public ObjectSeal(MasterKey key) {
        this.key = requireNonNull(key, "key is null");
    }

    /** The header of a sealed object: its salt and plaintext size. */
    public record Header(byte[] bytes, byte[] salt, long plainSize) {
        public static Header parse(String name, byte[] object) throws SealException {
            if (object.length < HEADER || !Arrays.equals(object, 0, 4, MAGIC, 0, 4)) {
                throw new SealException("object " + name + ": not a sealed object (no PLS1 header)");
            }
            long size = ByteBuffer.wrap(object, 4 + SALT, 8).getLong();
            if (size < 0) {
                throw new SealException("object " + name + ": sealed header gives a negative size");
            }
            return new Header(Arrays.copyOf(object, HEADER), Arrays.copyOfRange(object, 4, 4 + SALT), size);
        }
    }

    /** Frames an object of {@code plainSize} bytes has: at least one. */
    static long frames(long plainSize) {
        return Math.max(1, (plainSize + FRAME - 1) / FRAME);
    }

    public static long sealedSize(long plainSize) {
        return HEADER + plainSize + frames(plainSize) * TAG;
    }

    /** The plaintext size of a sealed object of {@code sealedSize} bytes (what stat and list report). */
    public static long plainSize(long sealedSize) {
        long body = Math.max(TAG, sealedSize - HEADER);
        long frames = (body + FRAME + TAG - 1) / (FRAME + TAG);
        return Math.max(0, body - frames * TAG);
    }

    public byte[] seal(String name, byte[] plain) {
        byte[] salt = new byte[SALT];
        RANDOM.nextBytes(salt);
        byte[] out = new byte[Math.toIntExact(sealedSize(plain.length))];
        System.arraycopy(MAGIC, 0, out, 0, 4);
        System.arraycopy(salt, 0, out, 4, SALT);
        ByteBuffer.wrap(out, 4 + SALT, 8).putLong(plain.length);
        byte[] header = Arrays.copyOf(out, HEADER);
        SecretKeySpec objectKey = new SecretKeySpec(key.objectKey(salt, name), "AES");
        int at = HEADER;
        for (long f = 0; f < frames(plain.length); f++) {
            int from = (int) (f * FRAME);
            int length = Math.min(FRAME, plain.length - from);
            at += run(Cipher.ENCRYPT_MODE, objectKey, f, header, plain, from, length, out, at, name);
        }
        return out;
    }

    /** Opens a whole sealed object. */
    public byte[] open(String name, byte[] sealed) throws SealException {
        Header header = Header.parse(name, sealed);
        if (sealed.length != sealedSize(header.plainSize())) {
            throw new SealException("object " + name + ": " + sealed.length + " bytes, but its sealed header says "
                    + sealedSize(header.plainSize()) + " (truncated or extended)");
        }
        return openFrames(name, header, sealed, HEADER, 0, frames(header.plainSize()));
    }

    /** Where frame {@code frame} starts in a sealed object. */
    public static long frameOffset(long frame) {
        return HEADER + frame * (FRAME + TAG);
    }

    /** The sealed bytes frames {@code [first, last]} take. */
    public static int framesLength(Header header, long first, long last) {
        long end = Math.min(header.plainSize(), (last + 1) * FRAME);
        long plain = end - first * FRAME;
        return Math.toIntExact(plain + (last - first + 1) * TAG);
    }

    /**
     * Opens frames {@code [first, first + count)} read at {@code offset} of {@code source}; returns
     * their plaintext.
     */
    public byte[] openFrames(String name, Header header, byte[] source, int offset, long first, long count)
            throws SealException {
        long plainEnd = Math.min(header.plainSize(), (first + count) * FRAME);
        byte[] plain = new byte[Math.toIntExact(plainEnd - first * FRAME)];
        SecretKeySpec objectKey = new SecretKeySpec(key.objectKey(header.salt(), name), "AES");
        int in = offset;
        int out = 0;
        for (long f = first; f < first + count; f++) {
            int length = (int) Math.min(FRAME, header.plainSize() - f * FRAME) + TAG;
            if (in + length > source.length) {
                throw new SealException("object " + name + ": frame " + f + " is truncated");
            }
            try {
                out += run(Cipher.DECRYPT_MODE, objectKey, f, header.bytes(), source, in, length, plain, out, name);
            } catch (FrameRejected e) {
                throw new SealException(e.getMessage());
            }
            in += length;
        }
        return plain;
    }

    /**
     * Opens plaintext bytes {@code [offset, offset + length)} from {@code frames}, the sealed frames
     * from the one holding {@code offset} on (as {@link #frameOffset} and {@link #framesLength}
     * give them): whole frames straight into the result, the partial first and last through one
     * frame-sized buffer, so a range costs no copy of what it returns.
     */
    public byte[] openRange(String name, Header header, byte[] frames, long offset, int length) throws SealException {
        byte[] plain = new byte[length];
        SecretKeySpec objectKey = new SecretKeySpec(key.objectKey(header.salt(), name), "AES");
        byte[] partial = null;
        int in = 0;
        int out = 0;
        for (long f = offset / FRAME; out < length; f++) {
            int frameLength = (int) Math.min(FRAME, header.plainSize() - f * FRAME);
            if (frameLength <= 0 || in + frameLength + TAG > frames.length) {
                throw new SealException("object " + name + ": frame " + f + " is truncated");
            }
            int skip = (int) Math.max(0, offset - f * FRAME);
            int take = Math.min(frameLength - skip, length - out);
            boolean whole = skip == 0 && take == frameLength;
            partial = whole || partial != null ? partial : new byte[FRAME];
            openFrame(name, objectKey, header, f, frames, in, frameLength + TAG, whole ? plain : partial,
                    whole ? out : 0);
            if (!whole) {
                System.arraycopy(partial, skip, plain, out, take);
            }
            in += frameLength + TAG;
            out += take;
        }
        return plain;
    }

    private static void openFrame(String name, SecretKeySpec key, Header header, long frame, byte[] in, int from,
            int length, byte[] out, int at) throws SealException {
        try {
            run(Cipher.DECRYPT_MODE, key, frame, header.bytes(), in, from, length, out, at, name);
        } catch (FrameRejected e) {
            throw new SealException(e.getMessage());
        }
    }

    private static int run(int mode, SecretKeySpec key, long frame, byte[] header, byte[] in, int from, int length,
            byte[] out, int at, String name) {
        byte[] nonce = new byte[12];
        ByteBuffer.wrap(nonce, 4, 8).putLong(frame);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(mode, key, new GCMParameterSpec(TAG * 8, nonce));
            cipher.updateAAD(header);
            return cipher.doFinal(in, from, length, out, at);
        } catch (AEADBadTagException e) {
            throw new FrameRejected("object " + name + ": sealed frame " + frame + " (bytes " + from + " to "
                    + (from + length) + ") fails authentication: changed, or another object's body under this name");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM failed on object " + name + ": " + e.getMessage(), e);
        }
    }

    /** Thrown inside {@link #run}; the public methods turn it into a {@link SealException}. */
    static final class FrameRejected extends RuntimeException {
        FrameRejected(String message) {
            super(message, null, false, false);
        }
    }
}
