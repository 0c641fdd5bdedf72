import io.pilotlight.testing.S3ProxyFixture;
import java.nio.file.Path;

/**
 * For the retention benches: S3Proxy 2.9.0 as the tests run it (S3ProxyFixture: filesystem
 * provider, AWS v2/v4 auth with its test credentials) on a free port of 127.0.0.1, storing under
 * args[0], with the buckets args[1..] created. Prints the endpoint, then serves until killed.
 * Run with the test class path: java -cp CP bench/S3ProxyServer.java DIR BUCKET...
 */
public final class S3ProxyServer {
    public static void main(String[] args) throws Exception {
        S3ProxyFixture server = S3ProxyFixture.start(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            server.createBucket(args[i]);
        }
        System.out.println(server.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }
}
