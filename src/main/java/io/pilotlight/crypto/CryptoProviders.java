package io.pilotlight.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.Optional;

/**
 * Puts the Amazon Corretto Crypto Provider (ACCP: AWS-LC's AES-GCM, SHA-2, HMAC and DRBG through JNI)
 * ahead of the JDK's providers, once per process.
 *
 * <p>Why: JDK 17's AES-GCM and SHA-256 reach AES-NI/CLMUL/SHA-NI speed only in C2-compiled code, which a
 * command that lives a few seconds mostly never runs (bench/README.md, "Encryption": sealing 640 MiB in a
 * fresh JVM took 7.7 s in the JDK's provider, 0.2 s in ACCP). It speeds up what every command does:
 * sealing and opening objects, chunk and pack ids, TLS to S3, SigV4's HMACs. The bytes are the same
 * standard algorithms, so repositories written either way read either way.
 *
 * <p>{@code PILOTLIGHT_CRYPTO=jdk} keeps the JDK's providers (to compare, or where the native library
 * cannot load); unset or {@code native} tries ACCP and falls back to the JDK's when its library does not
 * load or its self-tests fail (another CPU or C library, a temporary directory mounted noexec): slower,
 * never wrong. {@link #installed()} says which and why.
 */
public final class CryptoProviders {
    /** The environment variable that chooses; its values are {@code native} (the default) and {@code jdk}. */
    public static final String VARIABLE = "PILOTLIGHT_CRYPTO";

    private static CryptoChoice installed;

    private CryptoProviders() {}

    /**
     * Installs the provider {@code environment} asks for, the first time only; later calls return the
     * first choice (a process has one set of providers).
     *
     * @throws IllegalArgumentException when {@value #VARIABLE} holds neither {@code native} nor {@code jdk}
     */
    public static synchronized CryptoChoice install(Map<String, String> environment) {
        String wanted = Optional.ofNullable(environment.get(VARIABLE)).map(String::strip).orElse("");
        if (!wanted.isEmpty() && !wanted.equals("native") && !wanted.equals("jdk")) {
            throw new IllegalArgumentException(VARIABLE + "=" + wanted + " is neither 'native' nor 'jdk'");
        }
        if (installed == null) {
            installed = wanted.equals("jdk") ? CryptoChoice.jdk("chosen by " + VARIABLE + "=jdk") : tryNative();
        }
        return installed;
    }

    /** What {@link #install} chose, or the JDK's providers when it has not run. */
    public static synchronized CryptoChoice installed() {
        return installed != null ? installed : CryptoChoice.jdk("not installed");
    }

    private static CryptoChoice tryNative() {
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable loadError = accp.getLoadingError();
            if (loadError != null) {
                return CryptoChoice.jdk("native provider did not load: " + loadError.getMessage());
            }
            accp.assertHealthy();
            Security.insertProviderAt(accp, 1);
            return new CryptoChoice(describe(accp), Optional.empty());
        } catch (RuntimeException | LinkageError e) {
            return CryptoChoice.jdk("native provider unusable: " + e);
        }
    }

    private static String describe(Provider provider) {
        return provider.getName() + " " + provider.getVersionStr();
    }
}
