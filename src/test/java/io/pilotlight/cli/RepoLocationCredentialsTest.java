package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** An S3 repository's credentials: the environment's keys when set, without the SDK's default chain. */
class RepoLocationCredentialsTest {
    private static final RepoLocation.S3Settings NO_OPTIONS = new RepoLocation.S3Settings(Optional.empty(),
            Optional.empty(), Optional.empty());

    private static RepoLocation.S3 s3(Map<String, String> environment) {
        return (RepoLocation.S3) RepoLocation.parse("s3://bucket/prefix", NO_OPTIONS, environment);
    }

    @Test
    void theEnvironmentsKeysAreUsedAsTheyAre() {
        var credentials = s3(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_SESSION_TOKEN", "token")).credentials().resolveCredentials();
        assertThat(credentials.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(credentials.secretAccessKey()).isEqualTo("secret");
        assertThat(credentials).isInstanceOfSatisfying(AwsSessionCredentials.class,
                session -> assertThat(session.sessionToken()).isEqualTo("token"));
    }

    @Test
    void withoutBothKeysTheDefaultChainDecides() {
        assertThat(s3(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")).credentials())
                .isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(s3(Map.of()).credentials()).isInstanceOf(DefaultCredentialsProvider.class);
    }
}
