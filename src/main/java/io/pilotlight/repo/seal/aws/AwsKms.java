package io.pilotlight.repo.seal.aws;

import static java.util.Objects.requireNonNull;

import io.pilotlight.repo.seal.Kms;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;

/**
 * AWS KMS through the SDK: a client per call (a repository is opened once per command or job),
 * in the region the key's ARN names, at {@code endpoint} when given (a VPC endpoint, a test
 * server), with {@code credentials}. The SDK's standard retries (3 attempts) and timeouts bound
 * every call: 10 s to connect, 30 s per attempt, 60 s in all.
 */
public final class AwsKms implements Kms {
    /** {@code arn:PARTITION:kms:REGION:ACCOUNT:key/ID} or {@code …:alias/NAME}. */
    public static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:kms:([a-z]{2}(?:-[a-z]+)+-\\d):\\d{12}:"
            + "(key|alias)/[A-Za-z0-9/_+=.@-]+");
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final Optional<URI> endpoint;
    private final AwsCredentialsProvider credentials;

    public AwsKms(Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
    }

    /** Whether {@code keyId} is a KMS key or alias ARN (the region comes from it). */
    public static void checkArn(String keyId) {
        if (!ARN.matcher(keyId).matches()) {
            throw new IllegalArgumentException("'" + keyId + "' is not an AWS KMS key ARN: give it as"
                    + " arn:aws:kms:REGION:ACCOUNT:key/KEY-ID (or …:alias/NAME); the region is taken from it");
        }
    }

    @Override
    public Wrapped encrypt(String keyId, byte[] plaintext, Map<String, String> context) throws IOException {
        EncryptResponse response = call(keyId, "kms:Encrypt", kms -> kms.encrypt(request -> request.keyId(keyId)
                .plaintext(SdkBytes.fromByteArray(plaintext)).encryptionContext(context)
                .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)));
        return new Wrapped(response.keyId(), response.ciphertextBlob().asByteArray());
    }

    @Override
    public byte[] decrypt(String keyArn, byte[] ciphertext, Map<String, String> context) throws IOException {
        DecryptResponse response = call(keyArn, "kms:Decrypt", kms -> kms.decrypt(request -> request.keyId(keyArn)
                .ciphertextBlob(SdkBytes.fromByteArray(ciphertext)).encryptionContext(context)
                .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)));
        return response.plaintext().asByteArray();
    }

    private <T> T call(String keyId, String action, Function<KmsClient, T> request) throws IOException {
        checkArn(keyId);
        try (KmsClient kms = client(region(keyId))) {
            return request.apply(kms);
        } catch (SdkException e) {
            throw KmsErrors.translate(e, action, endpoint.map(URI::toString).orElse("AWS KMS"));
        }
    }

    private KmsClient client(Region region) {
        KmsClientBuilder builder = KmsClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(Apache5HttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(ATTEMPT_TIMEOUT))
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static Region region(String keyId) {
        Matcher matcher = ARN.matcher(keyId);
        if (!matcher.matches()) {
            throw new IllegalStateException("not a KMS ARN: " + keyId);
        }
        return Region.of(matcher.group(1));
    }

    /** For messages: never a credential. */
    @Override
    public String toString() {
        return "AwsKms[" + endpoint.map(URI::toString).orElse("AWS") + "]";
    }
}
