package io.pilotlight.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The TLS identity of {@code serve --tls-keystore}: a PKCS12 key store holding the certificate and its key. */
final class ServerTls {
    private ServerTls() {}

    /** A server context from {@code keystore}, its password the first line of {@code passwordFile} (or none). */
    static SSLContext context(Path keystore, Path passwordFile) throws IOException {
        char[] password = passwordFile == null ? new char[0]
                : Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            if (e instanceof java.nio.file.NoSuchFileException) {
                throw (IOException) e;
            }
            throw new IllegalArgumentException("--tls-keystore " + keystore + ": not a PKCS12 key store with a key"
                    + " that --tls-password-file opens (" + e.getMessage() + ")", e);
        }
    }
}
