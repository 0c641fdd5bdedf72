import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * A diagnostic for bench/s3.sh, not part of pilotlight: PUTs COUNT objects of SIZE MiB of random
 * data with THREADS in flight through an AWS SDK v2 S3 client configured as pilotlight's
 * S3Clients (Apache5 client, checksums only when required, path style, no SDK retries), and prints
 * the MiB/s. MODE "chunked" is that configuration as is; "plain" also turns the SDK's chunked
 * encoding off (S3Configuration.chunkedEncodingEnabled(false)), so a PUT over http:// carries a
 * plain body with its SHA-256 in x-amz-content-sha256 instead of aws-chunked signed chunks.
 *
 *   java -cp target/pilotlight.jar bench/S3PutProbe.java ENDPOINT BUCKET MODE COUNT SIZE_MIB THREADS
 *
 * Credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
 */
public final class S3PutProbe {
    public static void main(String[] args) throws Exception {
        if (args.length != 6 || !List.of("chunked", "plain", "unsigned").contains(args[2])) {
            System.err.println("usage: S3PutProbe ENDPOINT BUCKET chunked|plain|unsigned COUNT SIZE_MIB THREADS");
            System.exit(2);
        }
        String bucket = args[1];
        boolean chunked = args[2].equals("chunked");
        int count = Integer.parseInt(args[3]);
        int size = Integer.parseInt(args[4]) << 20;
        int threads = Integer.parseInt(args[5]);
        byte[] data = new byte[size];
        new Random(3).nextBytes(data);
        try (S3Client client = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(Math.max(16, 2 * threads)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"))))
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(args[0]))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(chunked).build())
                .overrideConfiguration(c -> {
                    c.retryStrategy(AwsRetryStrategy.doNotRetry());
                    if (args[2].equals("unsigned")) {
                        c.addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                    ExecutionAttributes attributes) {
                                return context.httpRequest().toBuilder()
                                        .putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD").build();
                            }
                        });
                    }
                })
                .build()) {
            put(client, bucket, "warmup", data); // class loading and connection set-up out of the timing
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = "probe-" + args[2] + "/" + i;
                puts.add(pool.submit(() -> put(client, bucket, key, data)));
            }
            for (Future<?> put : puts) {
                put.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf("%s %d %.3f %.1f%n", args[2], (long) count * size, seconds,
                    (double) count * size / (1 << 20) / seconds);
        }
    }

    private static Object put(S3Client client, String bucket, String key, byte[] data) {
        return client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(data), data.length, "application/octet-stream"));
    }
}
