package io.pilotlight.cloud.aws;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The two clients a sync or failover talks through: EBS direct APIs and EC2, in one region, with
 * explicit timeouts and the SDK's own retries off (retries are {@link Retrying}'s, bounded and
 * tested). {@code endpoint} overrides both services' endpoints (a test endpoint, a VPC endpoint).
 */
public final class AwsConnection implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(90);

    private final EbsClient ebs;
    private final Ec2Client ec2;
    private final String region;
    private final String endpoint;

    public AwsConnection(EbsClient ebs, Ec2Client ec2, String region, String endpoint) {
        this.ebs = requireNonNull(ebs, "ebs is null");
        this.ec2 = requireNonNull(ec2, "ec2 is null");
        this.region = requireNonNull(region, "region is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
    }

    /** Clients for {@code region}, at {@code endpoint} when given, with {@code credentials}; {@code connections} at most. */
    public static AwsConnection open(Region region, Optional<URI> endpoint, AwsCredentialsProvider credentials,
            int connections) {
        var ebsBuilder = EbsClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(http(connections)).overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT));
        var ec2Builder = Ec2Client.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(http(4)).overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT));
        endpoint.ifPresent(uri -> {
            ebsBuilder.endpointOverride(uri);
            ec2Builder.endpointOverride(uri);
        });
        return new AwsConnection(ebsBuilder.build(), ec2Builder.build(), region.id(),
                endpoint.map(URI::toString).orElse("the AWS endpoints of " + region.id()));
    }

    private static Apache5HttpClient.Builder http(int connections) {
        return Apache5HttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT)
                .maxConnections(Math.max(2, connections));
    }

    public EbsClient ebs() {
        return ebs;
    }

    public Ec2Client ec2() {
        return ec2;
    }

    public String region() {
        return region;
    }

    /** Where requests go, for messages. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            ebs.close();
        } finally {
            ec2.close();
        }
    }
}
