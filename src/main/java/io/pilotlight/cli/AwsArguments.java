package io.pilotlight.cli;

import io.pilotlight.cloud.aws.AwsConnection;
import io.pilotlight.cloud.aws.Retrying;
import io.pilotlight.cloud.aws.Ticker;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Where the {@code cloud} commands talk to AWS: region ({@code --region}, else {@code AWS_REGION} or
 * {@code AWS_DEFAULT_REGION}), an endpoint override for EC2 and EBS ({@code --aws-endpoint}, else
 * {@code AWS_ENDPOINT_URL}), and credentials from the environment's keys, else the SDK's default chain.
 */
final class AwsArguments {
    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION or"
            + " AWS_DEFAULT_REGION).")
    String region;

    @Option(names = "--aws-endpoint", paramLabel = "URL", description = "Endpoint for both EC2 and the EBS direct APIs"
            + " (default: AWS_ENDPOINT_URL, else AWS's own); a test endpoint or a VPC endpoint.")
    String endpoint;

    AwsConnection open(Map<String, String> environment, int connections) {
        String name = region != null ? region : environment.getOrDefault("AWS_REGION",
                environment.get("AWS_DEFAULT_REGION"));
        if (name == null || !name.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException(name == null ? "no AWS region: give --region or set AWS_REGION"
                    : "--region '" + name + "' is not an AWS region name such as eu-west-1");
        }
        String url = endpoint != null ? endpoint : environment.get("AWS_ENDPOINT_URL");
        Optional<URI> uri = Optional.empty();
        if (url != null) {
            uri = Optional.of(URI.create(url));
            if (uri.get().getScheme() == null || uri.get().getHost() == null) {
                throw new IllegalArgumentException("--aws-endpoint '" + url + "' is not a URL such as https://host:port");
            }
        }
        return AwsConnection.open(Region.of(name), uri, credentials(environment), connections);
    }

    Retrying retrying(AwsConnection aws) {
        return Retrying.defaults(Ticker.SYSTEM, aws.endpoint());
    }

    /**
     * The environment's access key (and session token), else the SDK's default chain; also for AWS KMS
     * keys and S3 repositories. With the keys set the chain is not built at all: it would find them too,
     * after probing system properties, and costs a command's start-up its classes and set-up.
     */
    static AwsCredentialsProvider credentials(Map<String, String> environment) {
        String key = environment.get("AWS_ACCESS_KEY_ID");
        String secret = environment.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || secret == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String token = environment.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(key, secret)
                : AwsSessionCredentials.create(key, secret, token));
    }
}
