package io.pilotlight.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.testing.S3ProxyFixture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client's TLS is set up on its first https connection, never over plain http, and still
 * checks the server's certificate and host name: S3Proxy over http, and over https with a
 * certificate of its own for 127.0.0.1.
 */
class S3TlsTest {
    @RegisterExtension
    static final S3ProxyFixture HTTPS = S3ProxyFixture.withBucketsOverHttps("tls");
    @RegisterExtension
    static final S3ProxyFixture HTTP = S3ProxyFixture.withBuckets("plain");

    private static final byte[] DATA = "restore point".getBytes(StandardCharsets.US_ASCII);

    private static S3Client client(S3Location location, S3Tls tls) {
        return S3Clients.create(location, S3Options.defaults(), S3Clients.DEFAULT_REGION, S3ProxyFixture.credentials(),
                List.of(), tls);
    }

    /** PUTs then GETs one object; returns what came back. */
    private static byte[] roundTrip(S3Client client, String bucket) {
        client.putObject(request -> request.bucket(bucket).key("tls/object"), RequestBody.fromBytes(DATA));
        return client.getObjectAsBytes(request -> request.bucket(bucket).key("tls/object")).asByteArray();
    }

    @Test
    void nothingIsSetUpBeforeTheFirstConnection() {
        S3Tls tls = new S3Tls(HTTPS.trust());
        try (S3Client client = client(HTTPS.location("s3://tls/p"), tls)) {
            assertThat(tls.isSetUp()).isFalse();
        }
    }

    @Test
    void overHttpTheClientNeverSetsTlsUp() {
        S3Tls tls = new S3Tls(Optional.empty());
        try (S3Client client = client(HTTP.location("s3://plain/p"), tls)) {
            assertThat(roundTrip(client, "plain")).isEqualTo(DATA);
        }
        assertThat(tls.isSetUp()).isFalse();
    }

    @Test
    void overHttpsTheFirstConnectionSetsItUp() {
        S3Tls tls = new S3Tls(HTTPS.trust());
        try (S3Client client = client(HTTPS.location("s3://tls/p"), tls)) {
            assertThat(roundTrip(client, "tls")).isEqualTo(DATA);
        }
        assertThat(tls.isSetUp()).isTrue();
    }

    @Test
    void setUpStartedInTheBackgroundServesTheConnections() {
        S3Tls tls = new S3Tls(HTTPS.trust());
        tls.startInBackground();
        try (S3Client client = client(HTTPS.location("s3://tls/p"), tls)) {
            assertThat(roundTrip(client, "tls")).isEqualTo(DATA);
        }
        assertThat(tls.isSetUp()).isTrue();
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefused() {
        S3Tls tls = new S3Tls(Optional.empty());
        try (S3Client client = client(HTTPS.location("s3://tls/p"), tls)) {
            assertThatThrownBy(() -> roundTrip(client, "tls")).isInstanceOf(SdkClientException.class)
                    .hasCauseInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("unable to find valid certification path");
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefused() {
        // The certificate names 127.0.0.1 only; "localhost" reaches the same server.
        URI byName = URI.create("https://localhost:" + HTTPS.endpoint().getPort());
        S3Location location = S3Location.parse("s3://tls/p").withEndpoint(byName).withPathStyle(true);
        try (S3Client client = client(location, new S3Tls(HTTPS.trust()))) {
            assertThatThrownBy(() -> roundTrip(client, "tls")).isInstanceOf(SdkClientException.class)
                    .hasCauseInstanceOf(SSLPeerUnverifiedException.class);
        }
    }

    @Test
    void aFailedSetUpFailsTheRequestNamingIt() {
        TlsTrustManagersProvider broken = () -> {
            throw new IllegalStateException("trust store unreadable");
        };
        try (S3Client client = client(HTTPS.location("s3://tls/p"), new S3Tls(Optional.of(broken)))) {
            assertThatThrownBy(() -> roundTrip(client, "tls")).isInstanceOf(SdkClientException.class)
                    .hasStackTraceContaining("the S3 client's TLS could not be set up")
                    .hasStackTraceContaining("trust store unreadable");
        }
    }

    @Test
    void onlyPlainHttpEndpointsAreNotSecure() {
        assertThat(S3Clients.secure(S3Location.parse("s3://bkt/p"))).isTrue();
        assertThat(S3Clients.secure(S3Location.parse("s3://bkt/p").withEndpoint(URI.create("https://minio:9000"))))
                .isTrue();
        assertThat(S3Clients.secure(S3Location.parse("s3://bkt/p").withEndpoint(URI.create("http://minio:9000"))))
                .isFalse();
    }
}
