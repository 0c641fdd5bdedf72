package io.pilotlight.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.MessageDigest;
import java.util.Map;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CryptoProvidersTest {
    private static final String ACCP = "AmazonCorrettoCryptoProvider";

    @BeforeAll
    static void install() {
        assumeTrue(System.getProperty("os.arch").equals("amd64") && System.getProperty("os.name").equals("Linux"),
                "the native provider is shipped for Linux x86-64 only");
        CryptoChoice choice = CryptoProviders.install(Map.of());
        assertThat(choice.isNative()).as(choice.describe()).isTrue();
    }

    @Test
    void theNativeProviderServesTheAlgorithmsPilotlightUses() throws Exception {
        assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName()).isEqualTo(ACCP);
        assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName()).isEqualTo(ACCP);
        assertThat(CryptoProviders.installed().describe()).startsWith("crypto: " + ACCP + " ");
    }

    @Test
    void aesGcmSealedByEitherProviderOpensWithTheOther() throws Exception {
        byte[] key = bytes(32, 1);
        byte[] nonce = bytes(12, 2);
        byte[] plain = bytes(16 * 1024 + 5, 3);
        byte[] byJdk = gcm(Cipher.ENCRYPT_MODE, "SunJCE", key, nonce, plain);
        byte[] byNative = gcm(Cipher.ENCRYPT_MODE, ACCP, key, nonce, plain);
        assertThat(byNative).isEqualTo(byJdk);
        assertThat(gcm(Cipher.DECRYPT_MODE, ACCP, key, nonce, byJdk)).isEqualTo(plain);
        assertThat(gcm(Cipher.DECRYPT_MODE, "SunJCE", key, nonce, byNative)).isEqualTo(plain);
    }

    @Test
    void sha256AgreesWithTheJdks() throws Exception {
        byte[] data = bytes(3 * 1024 * 1024 + 17, 4);
        assertThat(MessageDigest.getInstance("SHA-256").digest(data))
                .isEqualTo(MessageDigest.getInstance("SHA-256", "SUN").digest(data));
    }

    @Test
    void anUnknownChoiceIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> CryptoProviders.install(Map.of(CryptoProviders.VARIABLE, "openssl")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PILOTLIGHT_CRYPTO=openssl is neither 'native' nor 'jdk'");
    }

    @Test
    void laterInstallsKeepTheFirstChoice() {
        assertThat(CryptoProviders.install(Map.of(CryptoProviders.VARIABLE, "jdk")).isNative()).isTrue();
    }

    private static byte[] gcm(int mode, String provider, byte[] key, byte[] nonce, byte[] input) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        return cipher.doFinal(input);
    }

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
