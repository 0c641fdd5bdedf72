package io.pilotlight.cli;

import io.pilotlight.cli.config.CloudSyncConfig;
import io.pilotlight.cli.config.Secret;
import io.pilotlight.cli.config.SecretRef;
import io.pilotlight.cloud.aws.AwsConnection;
import io.pilotlight.daemon.JobPlan;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS clients of a configured cloud sync job: its region and endpoint, credentials by reference
 * resolved at each run (a rotated key file is read again), else the SDK's default chain.
 */
final class ConfiguredAws implements JobPlan.AwsOpener {
    private final CloudSyncConfig config;
    private final Map<String, String> environment;

    ConfiguredAws(CloudSyncConfig config, Map<String, String> environment) {
        this.config = config;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public AwsConnection open() throws IOException {
        return AwsConnection.open(Region.of(config.region()), config.endpoint(), credentials(), config.parallel());
    }

    private AwsCredentialsProvider credentials() throws IOException {
        if (config.accessKeyId().isEmpty() || config.secretAccessKey().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                secret("access-key-id", config.accessKeyId().get()).reveal(),
                secret("secret-access-key", config.secretAccessKey().get()).reveal()));
    }

    private Secret secret(String key, SecretRef reference) throws IOException {
        return reference.resolve(environment).orElseThrow(() -> new IllegalArgumentException("cloud sync "
                + config.name() + ": " + key + " " + reference + " is not set"));
    }
}
