package io.pilotlight.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Answers S3Proxy cannot give (it has no IAM, no throttling): the translation of errors as the SDK
 * reports them. The answers a real server gives are checked in {@link S3StoreErrorsTest}.
 */
class S3ErrorTranslatorTest {
    private final S3ErrorTranslator errors = new S3ErrorTranslator(
            S3Location.parse("s3://vault/vm-12").withEndpoint(URI.create("https://s3.example.com")),
            "https://s3.example.com");

    @Test
    void accessDeniedNamesBucketOperationAndIamAction() {
        IOException e = errors.translate(serviceError(403, "AccessDenied"), S3Operation.PUT, "data/ab");

        assertThat(e).isInstanceOfSatisfying(StoreException.class,
                        s -> assertThat(s.kind()).isEqualTo(StoreException.Kind.ACCESS_DENIED))
                .hasMessageContaining("bucket vault")
                .hasMessageContaining("write object data/ab")
                .hasMessageContaining("s3:PutObject on arn:aws:s3:::vault/vm-12/*");
        assertThat(errors.translate(serviceError(403, "AccessDenied"), S3Operation.LIST, "points/"))
                .hasMessageEndingWith("s3:ListBucket on arn:aws:s3:::vault");
        assertThat(errors.translate(serviceError(403, null), S3Operation.STAT, "config"))
                .hasMessageContaining("s3:GetObject")
                .hasMessageContaining("credentials may also be wrong");
    }

    @Test
    void expiredTokensAreBadCredentials() {
        IOException e = errors.translate(serviceError(400, "ExpiredToken"), S3Operation.GET, "config");

        assertThat(e).isInstanceOfSatisfying(StoreException.class,
                        s -> assertThat(s.kind()).isEqualTo(StoreException.Kind.BAD_CREDENTIALS))
                .hasMessageContaining("https://s3.example.com")
                .hasMessageContaining("AWS_PROFILE");
    }

    @Test
    void throttlingServerErrorsResetsAndReadTimeoutsAreTransient() {
        assertThat(errors.translate(serviceError(503, "SlowDown"), S3Operation.PUT, "data/ab"))
                .isExactlyInstanceOf(TransientStoreException.class)
                .hasMessageContaining("503 SlowDown")
                .hasMessageContaining("transient");
        assertThat(errors.translate(serviceError(500, "InternalError"), S3Operation.GET, "x"))
                .isExactlyInstanceOf(TransientStoreException.class);
        assertThat(errors.translate(clientError(new SocketException("Connection reset")), S3Operation.GET, "x"))
                .isExactlyInstanceOf(TransientStoreException.class)
                .hasMessageContaining("Connection reset");
        assertThat(errors.translate(clientError(new SocketTimeoutException("Read timed out")), S3Operation.GET, "x"))
                .isExactlyInstanceOf(TransientStoreException.class);
    }

    @Test
    void otherClientErrorsAreNeitherTransientNorStoreExceptions() {
        IOException e = errors.translate(serviceError(400, "InvalidArgument"), S3Operation.PUT, "data/ab");

        assertThat(e).isExactlyInstanceOf(IOException.class)
                .hasMessageContaining("400 InvalidArgument")
                .hasMessageContaining("object data/ab in s3://vault/vm-12 at https://s3.example.com");
    }

    private static S3Exception serviceError(int status, String code) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("from the service").build())
                .build();
    }

    private static SdkClientException clientError(IOException cause) {
        return SdkClientException.builder().message("Unable to execute HTTP request").cause(cause).build();
    }
}
