package io.pilotlight.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.cloud.CloudException.Kind;
import io.pilotlight.testing.ebs.FakeTicker;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ebs.model.RequestThrottledException;
import software.amazon.awssdk.services.ebs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ebs.model.ValidationException;

/** Bounded retries on a fake clock: what is retried, for how long, and what the final error says. */
class RetryingTest {
    final FakeTicker ticker = new FakeTicker();
    final Retrying retrying = Retrying.defaults(ticker, "http://127.0.0.1:1");

    static RequestThrottledException throttled() {
        return (RequestThrottledException) RequestThrottledException.builder().statusCode(400).message("Rate exceeded")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("RequestThrottledException")
                        .errorMessage("Rate exceeded").build()).build();
    }

    static ResourceNotFoundException notFound() {
        return (ResourceNotFoundException) ResourceNotFoundException.builder().statusCode(404).reason("SNAPSHOT_NOT_FOUND")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
                        .errorMessage("The snapshot 'snap-1' does not exist.").build()).build();
    }

    @Test
    void throttlingIsRetriedUpToEightAttempts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThat(retrying.run("EBS PutSnapshotBlock", () -> {
            if (calls.incrementAndGet() < 8) {
                throw throttled();
            }
            return "ok";
        })).isEqualTo("ok");
        calls.set(0);
        assertThatThrownBy(() -> retrying.run("EBS PutSnapshotBlock of block 3", () -> {
            calls.incrementAndGet();
            throw throttled();
        })).isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(Kind.THROTTLED))
                .hasMessage("EBS PutSnapshotBlock of block 3: RequestThrottledException (HTTP 400): Rate exceeded"
                        + " (after 8 attempts)");
        assertThat(calls).hasValue(8);
    }

    @Test
    void theEarlyNotFoundIsRetriedForTwoMinutesAfterTheStartOnly() throws Exception {
        long started = ticker.nanoTime();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrying.run("EBS PutSnapshotBlock", () -> {
            calls.incrementAndGet();
            throw notFound();
        }, started)).isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(Kind.THROTTLED))
                .hasMessageContaining("does not exist").hasMessageContaining("still after 120 s of retries");
        assertThat(calls.get()).isGreaterThan(8);
        assertThat(ticker.slept()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> retrying.run("EBS GetSnapshotBlock", () -> {
            throw notFound();
        })).isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                .hasMessageContaining("ResourceNotFoundException SNAPSHOT_NOT_FOUND (HTTP 404)");
    }

    @Test
    void aRefusalIsNotRetriedAndAnUnreachableEndpointIsNamed() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrying.run("EBS StartSnapshot", () -> {
            calls.incrementAndGet();
            throw ValidationException.builder().statusCode(400).reason("INVALID_VOLUME_SIZE").awsErrorDetails(
                    AwsErrorDetails.builder().errorCode("ValidationException").errorMessage("too big").build()).build();
        })).isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
                .hasMessage("EBS StartSnapshot: ValidationException INVALID_VOLUME_SIZE (HTTP 400): too big");
        assertThat(calls).hasValue(1);
        assertThatThrownBy(() -> retrying.run("EC2 DescribeSnapshots", () -> {
            throw SdkClientException.create("Unable to execute HTTP request", new ConnectException("Connection refused"));
        })).isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
                .hasMessageContaining("cannot reach http://127.0.0.1:1 (Connection refused)");
    }
}
