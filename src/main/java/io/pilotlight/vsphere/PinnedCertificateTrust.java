package io.pilotlight.vsphere;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS trust for a vSphere endpoint: the JDK's trust store (and its host name check) by default, or
 * exactly one certificate named by its SHA-256 thumbprint. With a pin, the server's leaf certificate
 * must hash to the pin and nothing else is trusted; the host name is not checked, because the pin
 * already names the one certificate (self-signed ESXi and vCenter certificates rarely carry the name a
 * client uses). There is deliberately no way to trust any certificate.
 */
public final class PinnedCertificateTrust extends X509ExtendedTrustManager {
    private final String thumbprint;

    private PinnedCertificateTrust(String thumbprint) {
        this.thumbprint = thumbprint;
    }

    /** The SSL context to use: the JDK default, or one trusting only the pinned certificate. */
    public static SSLContext context(Optional<String> thumbprint) throws GeneralSecurityException {
        if (thumbprint.isEmpty()) {
            return SSLContext.getDefault();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new PinnedCertificateTrust(normalize(thumbprint.get()))},
                new SecureRandom());
        return context;
    }

    /** {@code AB:CD:…} or {@code abcd…} → 64 lowercase hex digits; anything else is refused. */
    public static String normalize(String thumbprint) {
        String hex = thumbprint.strip().replace(":", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("thumbprint '" + thumbprint + "' is not a SHA-256 thumbprint:"
                    + " give 64 hex digits, with or without colons");
        }
        return hex;
    }

    /** SHA-256 of the certificate's DER encoding, lowercase hex without colons. */
    public static String thumbprintOf(X509Certificate certificate) throws CertificateEncodingException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        String actual = thumbprintOf(chain[0]);
        if (!actual.equals(thumbprint)) {
            throw new CertificateException("the server's certificate (" + chain[0].getSubjectX500Principal()
                    + ") has SHA-256 thumbprint " + actual + ", not the pinned " + thumbprint);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a vSphere client does not accept client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
