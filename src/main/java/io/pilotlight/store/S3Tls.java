package io.pilotlight.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import software.amazon.awssdk.http.SystemPropertyTlsKeyManagersProvider;
import software.amazon.awssdk.http.TlsTrustManagersProvider;

/**
 * The TLS of one S3 client's connections, set up when it is first needed rather than when the client
 * is built. Setting TLS up costs a short-lived process about 0.3-0.5 CPU-seconds (JSSE's provider, an
 * {@link SSLContext}, the JVM's trust store of about 150 certificates parsed); the SDK's HTTP client
 * does it in its builder, for every endpoint: a client of a plain {@code http://} endpoint paid it for
 * nothing. Here the first https connection sets it up (once; concurrent first connections wait for the
 * one set-up), or a background thread started with {@link #startInBackground()} when the endpoint is
 * https, so that it overlaps the rest of a command's start-up; an http endpoint never sets it up.
 *
 * <p>What is set up is what the SDK's HTTP client sets up by default: an {@code SSLContext} for
 * "TLS" with the key managers of the {@code javax.net.ssl.keyStore} properties and the JVM's trust
 * managers ({@code javax.net.ssl.trustStore}, else its {@code cacerts}) or {@code trust}'s, and the
 * server's certificate checked against the host name (Apache's {@link DefaultHostnameVerifier}).
 */
final class S3Tls implements TlsSocketStrategy {
    private final FutureTask<TlsSocketStrategy> setUp;

    /** {@code trust}: the trust managers to use instead of the JVM's (a test server's own certificate). */
    S3Tls(Optional<TlsTrustManagersProvider> trust) {
        Optional<TlsTrustManagersProvider> managers = Objects.requireNonNull(trust, "trust is null");
        this.setUp = new FutureTask<>(() -> strategy(managers));
    }

    /**
     * Starts the set-up on a daemon thread now (an https endpoint: the first request will need it);
     * the first connection then waits for it to end. Does nothing once set-up has started.
     */
    void startInBackground() {
        if (setUp.isDone()) {
            return;
        }
        Thread thread = new Thread(setUp, "s3-tls-setup");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the TLS set-up has ended (successfully or not). */
    boolean isSetUp() {
        return setUp.isDone();
    }

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
            throws IOException {
        return strategy().upgrade(socket, target, port, attachment, context);
    }

    /** The set-up's result: runs it in this thread unless it has run or is running in another, then waits. */
    private TlsSocketStrategy strategy() throws IOException {
        setUp.run();
        try {
            return setUp.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the S3 client's TLS set-up");
        } catch (ExecutionException e) {
            throw new SSLException("the S3 client's TLS could not be set up: " + e.getCause(), e.getCause());
        }
    }

    private static TlsSocketStrategy strategy(Optional<TlsTrustManagersProvider> trust)
            throws GeneralSecurityException {
        TrustManager[] trustManagers = trust.map(TlsTrustManagersProvider::trustManagers).orElse(null);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(SystemPropertyTlsKeyManagersProvider.create().keyManagers(), trustManagers, null);
        return new DefaultClientTlsStrategy(context, HostnameVerificationPolicy.CLIENT, new DefaultHostnameVerifier());
    }
}
