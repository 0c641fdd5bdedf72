package io.pilotlight.alert;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * GreenMail in-process on 127.0.0.1: plain SMTP and SMTPS (implicit TLS) with a login required. The
 * SMTPS certificate is made here by keytool for IP 127.0.0.1, so the client checks the server's name
 * against it for real; {@link #caFile} is its PEM.
 */
final class MailServer implements AutoCloseable {
    static final String USER = "alerts@example.org";
    static final String PASSWORD = "s3cret-smtp-pass";
    private static Path keystore;
    private static Path pem;

    private final GreenMail greenMail;

    MailServer() throws Exception {
        certificate();
        ServerSetup smtp = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        ServerSetup smtps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS);
        greenMail = new GreenMail(new ServerSetup[] {smtp.dynamicPort(), smtps.dynamicPort()});
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, USER, PASSWORD));
        greenMail.start();
    }

    /**
     * One keystore per JVM: GreenMail reads its TLS keystore once. It lives in a directory of its own,
     * not a test class's temporary one (JUnit deletes that after the class, while later classes in
     * this JVM still use the certificate).
     */
    private static synchronized void certificate() throws Exception {
        if (keystore != null) {
            return;
        }
        Path directory = Files.createTempDirectory("pilotlight-greenmail");
        directory.toFile().deleteOnExit();
        keystore = directory.resolve("smtp.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "greenmail", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12", "-keystore",
                keystore.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        keystore.toFile().deleteOnExit();
        pem = directory.resolve("smtp-ca.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(
                StandardCharsets.US_ASCII)).encodeToString(store.getCertificate("greenmail").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        pem.toFile().deleteOnExit();
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
    }

    Path caFile() {
        return pem;
    }

    int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    int smtpsPort() {
        return greenMail.getSmtps().getPort();
    }

    /** Settings for SMTPS with the login and the CA file. */
    SmtpSettings tls(String password) {
        return new SmtpSettings("127.0.0.1", smtpsPort(), SmtpSettings.Security.TLS, Optional.of(USER),
                Optional.of(secret(password)), "pilotlight@example.org", List.of("oncall@example.org"),
                Optional.of(pem), java.time.Duration.ofSeconds(20));
    }

    static SecretSource secret(String value) {
        return new SecretSource() {
            @Override
            public String reveal() {
                return value;
            }

            @Override
            public String reference() {
                return "{env: SMTP_PASSWORD}";
            }
        };
    }

    List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    static String text(MimeMessage message) {
        try {
            return new String(message.getRawInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
