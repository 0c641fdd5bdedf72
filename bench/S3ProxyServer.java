import io.pilotlight.testing.S3ProxyFixture;
import java.nio.file.Path;

/**
 * For the retention benches: S3Proxy 2.9.0 as the tests run it (S3ProxyFixture: filesystem
 * provider, AWS v2/v4 auth with its test credentials) on a free port of 127.0.0.1, storing under
 * args[0], with the buckets args[1..] created. Prints the endpoint, then serves until killed.
 * Run with the test class path: java -cp CP bench/S3ProxyServer.java DIR BUCKET...
 * With --https first: on https only, a self-signed certificate for 127.0.0.1 in the PKCS12 key store
 * DIR.tls.p12 (password S3ProxyFixture.KEY_STORE_PASSWORD), whose path is printed on a second line.
 */
public final class S3ProxyServer {
    public static void main(String[] args) throws Exception {
        boolean https = args.length > 0 && args[0].equals("--https");
        int first = https ? 1 : 0;
        Path dir = Path.of(args[first]);
        S3ProxyFixture server = https ? S3ProxyFixture.startSecure(dir) : S3ProxyFixture.start(dir);
        for (int i = first + 1; i < args.length; i++) {
            server.createBucket(args[i]);
        }
        System.out.println(server.endpoint());
        if (https) {
            System.out.println(S3ProxyFixture.keyStorePath(dir));
        }
        System.out.flush();
        Thread.currentThread().join();
    }
}
