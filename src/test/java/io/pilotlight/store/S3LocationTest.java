package io.pilotlight.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {

    @ParameterizedTest
    @CsvSource({
            "s3://bucket, bucket, ''",
            "s3://bucket/, bucket, ''",
            "s3://my.bucket-1/repo, my.bucket-1, repo/",
            "s3://bucket/a/b/, bucket, a/b/",
            "s3://bucket//a/b//, bucket, a/b/",
            "s3://bucket/Backups/VM_1(old), bucket, Backups/VM_1(old)/"})
    void parsesBucketAndNormalisesThePrefix(String uri, String bucket, String prefix) {
        S3Location location = S3Location.parse(uri);

        assertThat(location.bucket()).isEqualTo(bucket);
        assertThat(location.prefix()).isEqualTo(prefix);
        assertThat(location.endpoint()).isEmpty();
        assertThat(location.region()).isEmpty();
        assertThat(location.pathStyle()).isFalse();
    }

    @Test
    void uriAndToStringNameBucketPrefixAndEndpoint() {
        S3Location location = S3Location.parse("s3://bucket/a/b/")
                .withEndpoint(URI.create("http://127.0.0.1:9000")).withRegion("eu-west-1").withPathStyle(true);

        assertThat(location.uri()).isEqualTo("s3://bucket/a/b");
        assertThat(location).hasToString("s3://bucket/a/b at http://127.0.0.1:9000");
        assertThat(location.region()).isEqualTo(Optional.of("eu-west-1"));
        assertThat(location.pathStyle()).isTrue();
        assertThat(S3Location.parse("s3://bucket")).hasToString("s3://bucket");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bucket", "http://bucket/x", "s3:/bucket", "S3://bucket"})
    void otherSchemesAreRejected(String uri) {
        assertThatThrownBy(() -> S3Location.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + uri + "'")
                .hasMessageContaining("s3://bucket/prefix");
    }

    @ParameterizedTest
    @CsvSource({
            "ab, 3 to 63 characters",
            "Bucket, 3 to 63 characters",
            "-bucket, starting and ending",
            "bucket-, starting and ending",
            "my_bucket, a-z 0-9 . -",
            "a..b, no two adjacent dots",
            "192.168.1.1, IP address",
            "xn--bucket, reserved prefix",
            "bucket-s3alias, reserved prefix"})
    void invalidBucketNamesAreRejectedNamingTheRule(String bucket, String rule) {
        assertThatThrownBy(() -> S3Location.parse("s3://" + bucket + "/p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + bucket + "'")
                .hasMessageContaining(rule);
        assertThatThrownBy(() -> S3Location.parse("s3://" + "b".repeat(64)))
                .hasMessageContaining("3 to 63 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a//b", "a/../b", "./a", "a b", "a?b", "a#b", "ä"})
    void invalidPrefixesAreRejectedNamingTheRule(String prefix) {
        assertThatThrownBy(() -> S3Location.parse("s3://bucket/" + prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + prefix + "'")
                .hasMessageContaining("segments must be non-empty");
    }

    @Test
    void aTooLongPrefixIsRejected() {
        assertThatThrownBy(() -> S3Location.parse("s3://bucket/" + "a".repeat(513)))
                .hasMessageContaining("at most 512 characters");
    }

    @Test
    void endpointsMustBeHttpUrlsWithoutSecrets() {
        S3Location location = S3Location.parse("s3://bucket");

        assertThatThrownBy(() -> location.withEndpoint(URI.create("ftp://host")))
                .hasMessageContaining("'ftp://host'").hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> location.withEndpoint(URI.create("http://user:secret@host:9000")))
                .hasMessageContaining("'host'")
                .hasMessageContaining("must not carry user information")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret@"));
        assertThatThrownBy(() -> location.withRegion("EU West"))
                .hasMessageContaining("'EU West'").hasMessageContaining("us-east-1");
    }
}
