package io.pilotlight.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;

/** Builds the one {@link S3Client} an {@link S3ObjectStore} uses. */
final class S3Clients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** Waiting for a free connection is back-pressure, not a failure: the pipeline bounds concurrency. */
    static final Duration ACQUIRE_TIMEOUT = Duration.ofMinutes(10);
    static final Region DEFAULT_REGION = Region.US_EAST_1;

    /**
     * S3's auth schemes with payload signing on (plain http, {@link S3PayloadCheck#SIGNED_SHA256}): the
     * service checks each body against its signed SHA-256.
     */
    private static final S3AuthSchemeProvider SIGNED_PAYLOAD = payloadSigning(true);
    /** {@code UNSIGNED-PAYLOAD} (over https only; the SDK signs over http whatever it is told). */
    private static final S3AuthSchemeProvider UNSIGNED_PAYLOAD = payloadSigning(false);

    private S3Clients() {}

    private static S3AuthSchemeProvider payloadSigning(boolean signed) {
        return parameters -> S3AuthSchemeProvider.defaultProvider().resolveAuthScheme(parameters).stream()
                .map(option -> option.toBuilder()
                        .putSignerProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, signed).build())
                .toList();
    }

    /** As the method below, trusting the JVM's certificates. */
    static S3Client create(S3Location location, S3Options options, Region region, AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        return create(location, options, region, credentials, interceptors, Optional.empty());
    }

    /**
     * A client with no retries of its own (the retry decorator is the only retry layer), bounded
     * connections, connect and socket timeouts, and checksums only where S3 requires them: many
     * S3-compatible services reject the SDK's default trailing checksums, and the repository checks
     * a SHA-256 of every chunk it reads anyway. Upload bodies are sent plainly (no aws-chunked
     * encoding: over http its chunk-by-chunk signing more than halved throughput) and SigV4-signed:
     * the SDK puts the body's SHA-256 in {@code x-amz-content-sha256} and the signature, and the
     * service recomputes it and rejects the upload on a mismatch (S3 and S3Proxy:
     * {@code XAmzContentSHA256Mismatch}), so a body damaged between this client and the service never
     * becomes an object. That one SHA-256 (about 1.4 GiB/s per core with SHA-NI) replaces the
     * Content-MD5 earlier versions also sent (MD5 runs at about 0.55 GiB/s here); over http the SDK
     * signs the payload whatever it is told (so it did both), over https only if asked (below). Over
     * https ({@link S3PayloadCheck#CRC32C}) the payload goes unsigned and each upload carries the CRC32C
     * the store computes instead: TLS already protects the body, and one SHA-256 pass per byte less.
     * {@code trust}: the certificates to trust instead of the JVM's (a test server's own); else the JVM's.
     */
    static S3Client create(S3Location location, S3Options options, Region region, AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors, Optional<TlsTrustManagersProvider> trust) {
        S3Tls tls = new S3Tls(trust);
        if (secure(location)) {
            tls.startInBackground();
        }
        return create(location, options, region, credentials, interceptors, tls);
    }

    /**
     * As above, with the client's TLS given ({@link S3Tls}: set up on the first https connection, so
     * never over plain http, where the SDK's own set-up would run in the builder whatever the scheme).
     */
    static S3Client create(S3Location location, S3Options options, Region region, AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors, S3Tls tls) {
        Apache5HttpClient.Builder http = Apache5HttpClient.builder()
                .maxConnections(options.maxConnections())
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .connectionAcquisitionTimeout(ACQUIRE_TIMEOUT)
                .tlsSocketStrategy(tls);
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(http)
                .credentialsProvider(credentials)
                .region(region)
                .forcePathStyle(location.pathStyle())
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .authSchemeProvider(S3PayloadCheck.of(location).signsPayload() ? SIGNED_PAYLOAD : UNSIGNED_PAYLOAD)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(configuration -> {
                    configuration.retryStrategy(AwsRetryStrategy.doNotRetry());
                    configuration.addExecutionInterceptor(new S3ResponseFramingCheck());
                    interceptors.forEach(configuration::addExecutionInterceptor);
                });
        location.endpoint().ifPresentOrElse(builder::endpointOverride,
                () -> builder.crossRegionAccessEnabled(location.region().isEmpty()));
        return builder.build();
    }

    /** Whether the client talks https: AWS itself, or an endpoint whose scheme is not {@code http}. */
    static boolean secure(S3Location location) {
        return location.endpoint().map(uri -> !"http".equalsIgnoreCase(uri.getScheme())).orElse(true);
    }

    /**
     * The configured region; else {@code us-east-1} for an endpoint override (most S3-compatible
     * services ignore it); else the SDK's region chain (AWS_REGION, profile, instance metadata),
     * falling back to {@code us-east-1} with cross-region access so AWS redirects to the bucket's region.
     */
    static Region region(S3Location location) {
        if (location.region().isPresent()) {
            return Region.of(location.region().get());
        }
        if (location.endpoint().isPresent()) {
            return DEFAULT_REGION;
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            return DEFAULT_REGION;
        }
    }
}
