package io.pilotlight.testing;

import io.pilotlight.store.S3Location;
import io.pilotlight.store.S3ObjectStore;
import io.pilotlight.store.S3Options;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.TrustManagerFactory;
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
import software.amazon.awssdk.http.TlsTrustManagersProvider;

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

    /** The password of the https server's key store (a throwaway key made for each server). */
    public static final String KEY_STORE_PASSWORD = "pilotlight-test-tls";

    private final List<String> buckets;
    private final boolean secure;
    private BlobStoreContext context;
    private S3Proxy proxy;
    private Path directory;
    private Optional<Path> keyStore = Optional.empty();

    private S3ProxyFixture(BlobStoreContext context, S3Proxy proxy, Path directory, Optional<Path> keyStore) {
        this.buckets = List.of();
        this.secure = keyStore.isPresent();
        this.context = context;
        this.proxy = proxy;
        this.directory = directory;
        this.keyStore = keyStore;
    }

    private S3ProxyFixture(List<String> buckets, boolean secure) {
        this.buckets = List.copyOf(buckets);
        this.secure = secure;
    }

    /**
     * A server for a whole test class, started before its tests with {@code buckets} created and
     * stopped after them: {@code @RegisterExtension static final S3ProxyFixture server = withBuckets(B);}
     */
    public static S3ProxyFixture withBuckets(String... buckets) {
        return new S3ProxyFixture(List.of(buckets), false);
    }

    /**
     * As {@link #withBuckets}, the server listening on https only, with a self-signed certificate for
     * 127.0.0.1 made for it; stores from {@link #open} trust that certificate.
     */
    public static S3ProxyFixture withBucketsOverHttps(String... buckets) {
        return new S3ProxyFixture(List.of(buckets), true);
    }

    @Override
    public void beforeAll(ExtensionContext extension) throws Exception {
        Path dir = Files.createTempDirectory("s3proxy-");
        S3ProxyFixture started = secure ? startSecure(dir) : start(dir);
        context = started.context;
        proxy = started.proxy;
        directory = started.directory;
        keyStore = started.keyStore;
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
        if (keyStore.isPresent()) {
            Files.deleteIfExists(keyStore.get());
        }
    }

    /** Starts a server storing its buckets as directories under {@code directory}. */
    public static S3ProxyFixture start(Path directory) throws Exception {
        return start(directory, Optional.empty());
    }

    /**
     * As {@link #start}, on https only: a self-signed certificate for 127.0.0.1 (made with the JDK's
     * keytool) in the PKCS12 key store {@link #keyStorePath}, beside {@code directory}.
     */
    public static S3ProxyFixture startSecure(Path directory) throws Exception {
        Path store = keyStorePath(directory);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "s3proxy",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "7", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", KEY_STORE_PASSWORD, "-keypass", KEY_STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool could not make " + store + ": " + output);
        }
        return start(directory, Optional.of(store));
    }

    /** The https server's key store (password {@link #KEY_STORE_PASSWORD}): {@code DIRECTORY.tls.p12}. */
    public static Path keyStorePath(Path directory) {
        return directory.resolveSibling(directory.getFileName() + ".tls.p12");
    }

    private static S3ProxyFixture start(Path directory, Optional<Path> keyStore) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2")
                .credentials("unused", "unused")
                .overrides(properties)
                .build(BlobStoreContext.class);
        S3Proxy.Builder builder = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true);
        if (keyStore.isPresent()) {
            builder.secureEndpoint(URI.create("https://127.0.0.1:0")).keyStore(keyStore.get().toString(),
                    KEY_STORE_PASSWORD);
        } else {
            builder.endpoint(URI.create("http://127.0.0.1:0"));
        }
        S3Proxy proxy = builder.build();
        proxy.start();
        for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        if (!"STARTED".equals(proxy.getState())) {
            proxy.stop();
            context.close();
            throw new IllegalStateException("S3Proxy did not start: state " + proxy.getState());
        }
        return new S3ProxyFixture(context, proxy, directory, keyStore);
    }

    public URI endpoint() {
        return secure ? URI.create("https://127.0.0.1:" + proxy.getSecurePort())
                : URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Over https: trust managers that trust this server's certificate (and only it). */
    public Optional<TlsTrustManagersProvider> trust() {
        return keyStore.map(path -> () -> {
            try (InputStream in = Files.newInputStream(path)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, KEY_STORE_PASSWORD.toCharArray());
                String algorithm = TrustManagerFactory.getDefaultAlgorithm();
                TrustManagerFactory factory = TrustManagerFactory.getInstance(algorithm);
                factory.init(store);
                return factory.getTrustManagers();
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the test server's key store " + path + ": " + e, e);
            }
        });
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
        return S3ObjectStore.open(location, options, credentials(), List.of(interceptors), trust());
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
