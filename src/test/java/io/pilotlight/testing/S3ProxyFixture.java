package io.pilotlight.testing;

import io.pilotlight.store.S3Location;
import io.pilotlight.store.S3ObjectStore;
import io.pilotlight.store.S3Options;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A real S3 server in this JVM: S3Proxy on a random port of 127.0.0.1, storing objects in a
 * directory (the {@code filesystem-nio2} provider), checking AWS v2/v4 signatures against one
 * access key. Tests pass the credentials to the store explicitly: no environment is touched.
 * Public for the command line's tests, which reach it through the SDK's credential chain.
 */
public final class S3ProxyFixture implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    public static final String ACCESS_KEY = "pilotlight-test";
    public static final String SECRET_KEY = "pilotlight-test-secret";
    /**
     * S3Proxy 2.9.0 answers a PUT with {@code If-None-Match: *} on an existing key with 412, but it
     * checks and then writes without a lock: concurrent conditional PUTs of one new key can all
     * succeed. So its put-if-absent is not atomic, though the store's probe cannot tell.
     */
    public static final boolean ATOMIC_CONDITIONAL_WRITES = false;

    private final List<String> buckets;
    private BlobStoreContext context;
    private S3Proxy proxy;
    private Path directory;

    private S3ProxyFixture(BlobStoreContext context, S3Proxy proxy, Path directory) {
        this.buckets = List.of();
        this.context = context;
        this.proxy = proxy;
        this.directory = directory;
    }

    private S3ProxyFixture(List<String> buckets) {
        this.buckets = List.copyOf(buckets);
    }

    /**
     * A server for a whole test class, started before its tests with {@code buckets} created and
     * stopped after them: {@code @RegisterExtension static final S3ProxyFixture server = withBuckets(B);}
     */
    public static S3ProxyFixture withBuckets(String... buckets) {
        return new S3ProxyFixture(List.of(buckets));
    }

    @Override
    public void beforeAll(ExtensionContext extension) throws Exception {
        S3ProxyFixture started = start(Files.createTempDirectory("s3proxy-"));
        context = started.context;
        proxy = started.proxy;
        directory = started.directory;
        buckets.forEach(this::createBucket);
    }

    @Override
    public void afterAll(ExtensionContext extension) throws Exception {
        close();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Starts a server storing its buckets as directories under {@code directory}. */
    public static S3ProxyFixture start(Path directory) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2")
                .credentials("unused", "unused")
                .overrides(properties)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        if (!"STARTED".equals(proxy.getState())) {
            proxy.stop();
            context.close();
            throw new IllegalStateException("S3Proxy did not start: state " + proxy.getState());
        }
        return new S3ProxyFixture(context, proxy, directory);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** The directory holding bucket {@code bucket}'s objects. */
    Path bucketDirectory(String bucket) {
        return directory.resolve(bucket);
    }

    public void createBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    /** {@code s3://bucket/prefix} on this server, path style. */
    public S3Location location(String uri) {
        return S3Location.parse(uri).withEndpoint(endpoint()).withPathStyle(true);
    }

    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    public S3ObjectStore open(String uri) {
        return open(location(uri), S3Options.defaults());
    }

    public S3ObjectStore open(S3Location location, S3Options options, ExecutionInterceptor... interceptors) {
        return S3ObjectStore.open(location, options, credentials(), List.of(interceptors));
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }
}
