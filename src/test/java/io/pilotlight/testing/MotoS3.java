package io.pilotlight.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.store.S3Location;
import io.pilotlight.store.S3ObjectStore;
import io.pilotlight.store.S3Options;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A local S3 server that enforces what S3Proxy and Adobe's S3Mock do not: moto's server
 * ({@code moto_server}, Python, {@code pip install 'moto[server]'}), started as a child process on
 * 127.0.0.1. It refuses to delete an object version under Object Lock (403 AccessDenied), keeps
 * versions and delete markers as S3 does, and, once {@code /moto-api/reset-auth} switches it on,
 * checks every request against its IAM (not its signature: src/test/resources/moto/server.py says why
 * the fixture turns that check off; the access key still names the identity): the fixture creates (src/test/resources/moto/setup.py) a
 * writer and a read-only reader with docs/s3.md's policies. Buckets whose name ends in
 * {@code -locked} have Object Lock enabled. A test class using it is skipped where moto_server is
 * not installed. moto does not refuse to shorten a retention, and answers no GetObjectRetention
 * (the store reads locks from HEAD). The same port serves AWS KMS ({@link #kms}), under the same IAM
 * checks; server.py makes its Encrypt and Decrypt refuse a disabled key or one pending deletion, as AWS does.
 */
public final class MotoS3 implements BeforeAllCallback, AfterAllCallback {
    /** An IAM identity the fixture created. */
    public enum Identity { WRITER, READER, ADMIN }

    private final List<String> buckets;
    private Process process;
    private int port;
    private JsonNode keys;

    private MotoS3(List<String> buckets) {
        this.buckets = List.copyOf(buckets);
    }

    public static MotoS3 withBuckets(String... buckets) {
        return new MotoS3(List.of(buckets));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(onPath("moto_server"), "moto_server is not installed (pip install 'moto[server]')");
        port = freePort();
        Path log = Files.createTempFile("moto-", ".log");
        process = new ProcessBuilder("python3", resource("server.py").toString(), "-H", "127.0.0.1", "-p",
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitListening(log);
        List<String> command = new ArrayList<>(List.of("python3", resource("setup.py").toString(),
                endpoint().toString()));
        command.addAll(buckets);
        keys = new ObjectMapper().readTree(ExternalCommand.run(command.toArray(String[]::new)));
        HttpResponse<String> reset = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        endpoint().resolve("/moto-api/reset-auth")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("0")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (reset.statusCode() != 200) {
            throw new IllegalStateException("moto did not switch IAM checks on: " + reset.body());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code s3://bucket/prefix} on this server, path style. */
    public S3Location location(String uri) {
        return S3Location.parse(uri).withEndpoint(endpoint()).withPathStyle(true);
    }

    /** A store as {@code identity}. */
    public S3ObjectStore open(String uri, Identity identity) {
        return S3ObjectStore.open(location(uri), S3Options.defaults(), credentials(identity), List.of());
    }

    /** An S3 client as {@code identity}, path style, for what a test checks behind pilotlight's back. */
    public S3Client s3(Identity identity) {
        return S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(credentials(identity)).build();
    }

    /**
     * An AWS KMS client as {@code identity} (moto serves KMS on the same port; region us-east-1, so
     * the fixture's key ARNs are {@code arn:aws:kms:us-east-1:123456789012:key/…}).
     */
    public KmsClient kms(Identity identity) {
        return KmsClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials(identity)).httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    /** The environment a command runs with as {@code identity}: its access key, and KMS at this server. */
    public java.util.Map<String, String> environment(Identity identity) {
        var credentials = credentials(identity).resolveCredentials();
        return java.util.Map.of("AWS_ACCESS_KEY_ID", credentials.accessKeyId(), "AWS_SECRET_ACCESS_KEY",
                credentials.secretAccessKey(), "AWS_ENDPOINT_URL_KMS", endpoint().toString());
    }

    public StaticCredentialsProvider credentials(Identity identity) {
        JsonNode key = keys.get(identity.name().toLowerCase(java.util.Locale.ROOT));
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.get("accessKey").asText(),
                key.get("secretKey").asText()));
    }

    /** A script of src/test/resources/moto copied to a temporary file. */
    private static Path resource(String name) throws IOException {
        Path file = Files.createTempFile("moto-", "-" + name);
        try (var in = MotoS3.class.getResourceAsStream("/moto/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    private void awaitListening(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server ended: " + Files.readString(log));
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("moto_server did not listen on port " + port + " within 30 s");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
