package io.pilotlight.vsphere;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * The HTTP side of a vSphere endpoint: SOAP calls to {@code /sdk} and ranged GETs of datastore files
 * under {@code /folder}, both carrying the session cookie {@code vmware_soap_session} that Login set.
 * Thread-safe. Knows nothing of sessions expiring: {@link VsphereClient} logs in again.
 */
final class SoapConnection {
    static final String SESSION_COOKIE = "vmware_soap_session";

    private final URI sdk;
    private final HttpClient http;
    private final Duration timeout;
    private volatile String soapAction = "urn:vim25/6.5";
    private volatile Optional<String> cookie = Optional.empty();

    SoapConnection(URI sdk, SSLContext ssl, Duration timeout) {
        this.sdk = requireNonNull(sdk, "sdk is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI sdk() {
        return sdk;
    }

    /** Uses the API version the server announced for the {@code SOAPAction} header. */
    void apiVersion(String version) {
        soapAction = "urn:vim25/" + version;
    }

    void forgetSession() {
        cookie = Optional.empty();
    }

    /** Calls {@code method}; returns its {@code <methodResponse>} element, or throws its fault. */
    XmlElement call(String method, String parameters) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(sdk).timeout(timeout)
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", soapAction)
                .POST(HttpRequest.BodyPublishers.ofString(SoapXml.envelope(method, parameters), StandardCharsets.UTF_8));
        cookie.ifPresent(value -> request.header("Cookie", value));
        HttpResponse<InputStream> response = send(request.build(), method);
        rememberCookie(response.headers());
        XmlElement envelope;
        try (InputStream body = response.body()) {
            envelope = SoapXml.parse(body);
        } catch (IOException e) {
            throw new IOException("vSphere " + method + " at " + sdk + ": HTTP " + response.statusCode()
                    + " with an answer that is not SOAP: " + e.getMessage(), e);
        }
        return responseOf(method, envelope);
    }

    /** The {@code <methodResponse>} inside a SOAP envelope, or the fault it carries. */
    static XmlElement responseOf(String method, XmlElement envelope) throws VsphereFault, IOException {
        XmlElement body = envelope.children().stream()
                .filter(e -> e.namespace().equals(SoapXml.ENVELOPE) && e.name().equals("Body")).findFirst()
                .orElseThrow(() -> new IOException("vSphere " + method + ": the answer has no SOAP Body"));
        XmlElement first = body.children().stream().findFirst()
                .orElseThrow(() -> new IOException("vSphere " + method + ": the answer's SOAP Body is empty"));
        if (first.namespace().equals(SoapXml.ENVELOPE) && first.name().equals("Fault")) {
            throw VsphereFault.fromSoapFault(method, first);
        }
        return first;
    }

    /**
     * Reads {@code target.remaining()} bytes at {@code offset} of the file at {@code path} (under
     * {@code /folder}, with its query), with one {@code Range} request.
     */
    void readRange(String path, long offset, ByteBuffer target) throws IOException {
        int length = target.remaining();
        URI uri = sdk.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Range", "bytes=" + offset + "-" + (offset + length - 1));
        cookie.ifPresent(value -> request.header("Cookie", value));
        HttpResponse<InputStream> response = send(request.build(), "GET " + uri.getPath());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                throw new VsphereFault("GET " + uri.getPath(), "NotAuthenticated", "HTTP " + status);
            }
            if (status != 206) {
                throw new IOException("vSphere datastore GET " + uri + " of " + length + " bytes at offset " + offset
                        + ": HTTP " + status + (status == 200 ? " (the server ignored the Range header)" : ""));
            }
            int start = target.position();
            byte[] buffer = new byte[Math.min(length, 1 << 16)];
            while (target.hasRemaining()) {
                int n = body.read(buffer, 0, Math.min(buffer.length, target.remaining()));
                if (n < 0) {
                    throw new IOException("vSphere datastore GET " + uri + ": the answer ended after "
                            + (target.position() - start) + " of " + length + " bytes at offset " + offset);
                }
                target.put(buffer, 0, n);
            }
        }
    }

    /** The total size given by {@code Content-Range} for one byte of the file, or empty if none. */
    Optional<Long> fileSize(String path) throws IOException {
        URI uri = sdk.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("Range", "bytes=0-0");
        cookie.ifPresent(value -> request.header("Cookie", value));
        HttpResponse<InputStream> response = send(request.build(), "GET " + uri.getPath());
        try (InputStream body = response.body()) {
            body.readAllBytes();
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new VsphereFault("GET " + uri.getPath(), "NotAuthenticated", "HTTP " + response.statusCode());
            }
            if (response.statusCode() == 404) {
                throw new IOException("vSphere datastore file " + uri + " does not exist (HTTP 404)");
            }
            // 206 "bytes 0-0/SIZE"; 416 "bytes */SIZE" for a range past the end (a zero-byte file: RFC 9110 14.4)
            Optional<String> range = response.headers().firstValue("Content-Range");
            return range.filter(r -> r.matches("bytes (\\d+-\\d+|\\*)/\\d+"))
                    .map(r -> Long.parseLong(r.substring(r.indexOf('/') + 1)));
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request, String what) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("vSphere " + what + " at "
                    + request.uri().getAuthority() + " was interrupted");
            interrupted.initCause(e);
            throw interrupted;
        } catch (SSLHandshakeException e) {
            throw new VsphereAccessException(VsphereAccessException.Kind.CERTIFICATE_REFUSED, "vSphere " + what
                    + ": TLS handshake with " + request.uri().getAuthority() + " failed: " + rootMessage(e)
                    + " (check --thumbprint, or the JDK trust store)", e);
        } catch (IOException e) {
            throw new VsphereAccessException(VsphereAccessException.Kind.UNREACHABLE, "vSphere " + what
                    + ": cannot reach " + request.uri().getAuthority() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private void rememberCookie(HttpHeaders headers) {
        for (String header : headers.allValues("Set-Cookie")) {
            if (header.startsWith(SESSION_COOKIE + "=")) {
                int end = header.indexOf(';');
                cookie = Optional.of(end < 0 ? header : header.substring(0, end));
            }
        }
    }
}
