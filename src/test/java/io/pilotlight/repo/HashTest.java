package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ids hashed in {@link Hash#SLICE} slices are the standard SHA-256 and HMAC-SHA-256 of the whole: known
 * answers (computed apart, with Python's hashlib and hmac) at lengths around the slice size and for a
 * whole 16 MiB pack, through the JDK's provider and the native one.
 */
class HashTest {
    private static final byte[] DATA = data((16 << 20) + 64);
    private static final byte[] KEY = key();

    private record Known(int offset, int length, String sha256, String hmacSha256) {}

    private static final List<Known> KNOWN = List.of(
            new Known(0, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                    "d38b42096d80f45f826b44a9d5607de72496a415d3f4a1a8c88e3bb9da8dc1cb"),
            new Known(0, 1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "e711546e3faad4c7c4aa756bc26cad6abea8241984a0f6b0839c70ca61c4ef88"),
            new Known(3, Hash.SLICE - 1, "f637c0d6224ead6f92dde3ee1e467bf74503ac241364ec5d9dec2b1be0543f24",
                    "7ea8f101b6b8a260a565b700a303ec9b8db9f7dc03705acef1bef0aaab4c9f8c"),
            new Known(0, Hash.SLICE, "6160247b0c3fc7080c4e93c4d622c36dd589b25d982329858eba3c56da4cb8af",
                    "5c15eb81e7052e82ea64d2ccdcb3f10312b69180fe743af6603356556920361b"),
            new Known(1, Hash.SLICE + 1, "037cfd06800c2262b940706e8d93ea6d01f96da449313aa1da0a41762b4346b1",
                    "338260664b4aff75dd9c506f4ba4228f9cebd52ef305e40191c583c34a46a5ed"),
            new Known(5, 3 * Hash.SLICE + 17, "21db5448f23a848c2a8f030e5887fe325f5653eb1f4e02cafc317863be1c9ca0",
                    "93bb5a8901de2cc88ed460cc75a98d424f601e893646c1cae21cece4086f0411"),
            new Known(7, 16 << 20, "55248fce950b1c0a983cf854ecf5e3717a1b266ea261cbd608bfbb948ab52f14",
                    "2cd0f243ba21a6d683908f0bda0e695539f5017a0df17985b302abb3129b8d19"));

    /** Byte i is ((31 i + 7) >> 3) xor i, low 8 bits: not periodic at any slice size. */
    private static byte[] data(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (((i * 31 + 7) >> 3) ^ i);
        }
        return data;
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        return key;
    }

    @Test
    void contentIdsAreTheKnownDigestsAtEveryLength() {
        ContentIds keyed = ContentIds.keyed(KEY);
        for (Known known : KNOWN) {
            String at = known.offset() + "+" + known.length();
            assertThat(Hash.of(DATA, known.offset(), known.length()).hex()).as("SHA-256 of " + at)
                    .isEqualTo(known.sha256());
            assertThat(ContentIds.SHA256.of(DATA, known.offset(), known.length()).hex()).as("plain id of " + at)
                    .isEqualTo(known.sha256());
            assertThat(keyed.of(DATA, known.offset(), known.length()).hex()).as("keyed id of " + at)
                    .isEqualTo(known.hmacSha256());
        }
    }

    @Test
    void slicedUpdatesGiveTheKnownDigestsThroughTheNativeProvider() {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        assumeTrue(accp.getLoadingError() == null, "the native provider does not load here");
        for (Known known : KNOWN) {
            MessageDigest digest = sha256(accp);
            Hash.update(digest, DATA, known.offset(), known.length());
            assertThat(Hash.finish(digest).hex()).as("native SHA-256 of " + known.offset() + "+" + known.length())
                    .isEqualTo(known.sha256());
        }
    }

    @Test
    void updateNeverHandsTheDigestMoreThanOneSlice() {
        List<Integer> calls = new ArrayList<>();
        MessageDigest recording = new MessageDigest("recording") {
            @Override
            protected void engineUpdate(byte input) {
                calls.add(1);
            }

            @Override
            protected void engineUpdate(byte[] input, int offset, int length) {
                calls.add(length);
            }

            @Override
            protected byte[] engineDigest() {
                return new byte[Hash.LENGTH];
            }

            @Override
            protected void engineReset() {}
        };

        Hash.update(recording, DATA, 5, 3 * Hash.SLICE + 17);

        assertThat(calls).containsExactly(Hash.SLICE, Hash.SLICE, Hash.SLICE, 17);
    }

    @Test
    void updateRejectsARangeOutsideTheArray() {
        assertThatThrownBy(() -> Hash.update(Hash.sha256(), new byte[10], 4, 7))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ContentIds.keyed(KEY).of(new byte[10], -1, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static MessageDigest sha256(java.security.Provider provider) {
        try {
            return MessageDigest.getInstance("SHA-256", provider);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
