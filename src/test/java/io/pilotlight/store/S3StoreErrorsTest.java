package io.pilotlight.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** A store that cannot be used as configured fails at once with a StoreException saying what to fix. */
@Slow
class S3StoreErrorsTest {
    @TempDir
    static Path serverDirectory;
    static S3ProxyFixture server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyFixture.start(serverDirectory);
        server.createBucket("present");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void aMissingBucketIsNoSuchBucketNamingBucketAndEndpoint() {
        try (S3ObjectStore store = server.open("s3://absent/repo")) {
            for (ThrowingCall call : List.<ThrowingCall>of(() -> store.get("config"),
                    () -> store.put("config", new byte[1]), () -> store.list(""))) {
                assertThatThrownBy(call::run)
                        .isInstanceOfSatisfying(StoreException.class,
                                e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NO_SUCH_BUCKET))
                        .hasMessage("bucket absent does not exist at endpoint " + server.endpoint()
                                + ": create it or check --repo");
            }
        }
    }

    @Test
    void aWrongSecretIsBadCredentials() {
        assertBadCredentials(S3ProxyFixture.ACCESS_KEY, "not-the-secret", "SignatureDoesNotMatch");
    }

    @Test
    void anUnknownAccessKeyIsBadCredentials() {
        assertBadCredentials("nobody", S3ProxyFixture.SECRET_KEY, "InvalidAccessKeyId");
    }

    @Test
    void aClosedPortIsUnreachableNamingTheEndpoint() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Location location = S3Location.parse("s3://present/repo").withEndpoint(endpoint).withPathStyle(true);
        try (S3ObjectStore store = server.open(location, S3Options.defaults())) {
            for (ThrowingCall call : List.<ThrowingCall>of(() -> store.get("config"), () -> store.stat("config"),
                    () -> store.put("config", new byte[1]), () -> store.list(""), () -> store.delete("x"))) {
                assertThatThrownBy(call::run)
                        .isInstanceOfSatisfying(StoreException.class,
                                e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNREACHABLE))
                        .hasMessageStartingWith("cannot reach S3 endpoint " + endpoint + " for bucket present: ")
                        .hasMessageContaining("--s3-endpoint");
            }
        }
    }

    private void assertBadCredentials(String accessKey, String secretKey, String code) {
        StaticCredentialsProvider wrong = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        try (S3ObjectStore store = S3ObjectStore.open(server.location("s3://present/repo"), S3Options.defaults(),
                wrong, List.of())) {
            for (ThrowingCall call : List.<ThrowingCall>of(() -> store.get("config"),
                    () -> store.put("config", new byte[1]), () -> store.list(""))) {
                assertThatThrownBy(call::run)
                        .isInstanceOfSatisfying(StoreException.class,
                                e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.BAD_CREDENTIALS))
                        .hasMessageContaining("S3 endpoint " + server.endpoint())
                        .hasMessageContaining("bucket present (" + code + ")")
                        .hasMessageContaining("AWS_ACCESS_KEY_ID")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secretKey));
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
