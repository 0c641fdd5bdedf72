package io.pilotlight.testing.ebs;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A hand-written fake of the EC2 and EBS direct endpoints (no emulator with the EBS direct APIs runs
 * here), on 127.0.0.1, for the real SDK clients by endpoint override. EBS requests ({@code /snapshots…})
 * go to {@link FakeEbs}, EC2 query requests ({@code POST /}) to {@link FakeEc2}, whose instances boot
 * the image's root snapshot under QEMU. Requests must be SigV4-signed with {@link #ACCESS_KEY} (the
 * signature itself is not checked). Errors can be scripted per operation ({@link #fail}).
 */
public final class FakeAws implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIAPILOTLIGHTFAKE01";
    public static final String SECRET_KEY = "fake-secret-key";
    public static final String ACCOUNT = "123456789012";
    public static final Region REGION = Region.EU_WEST_1;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32, runnable -> {
        Thread thread = new Thread(runnable, "fake-aws");
        thread.setDaemon(true);
        return thread;
    });
    public final FakeEbs ebs = new FakeEbs();
    public final FakeEc2 ec2;
    private final Map<String, Deque<AwsError>> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    private FakeAws(Path workDirectory) throws IOException {
        this.ec2 = new FakeEc2(ebs, workDirectory);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", http -> {
            try {
                new Dispatch(this).handle(new Exchange(http));
            } finally {
                http.close();
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    /** Starts the fake; instances keep their disks and serial logs under {@code workDirectory}. */
    public static FakeAws start(Path workDirectory) throws IOException {
        return new FakeAws(workDirectory);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} calls of {@code operation} (e.g. "PutSnapshotBlock", "RunInstances") fail so. */
    public void fail(String operation, AwsError error, int times) {
        Deque<AwsError> queue = faults.computeIfAbsent(operation, o -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(error);
            }
        }
    }

    /** Drops every scripted fault not yet answered. */
    public void clearFaults() {
        faults.clear();
        ebs.errorCompletions = 0;
        ebs.notFoundAfterStart = 0;
        ec2.bootFailure = null;
    }

    /** The next {@code times} calls of {@code operation} are throttled, as EBS or EC2 throttles. */
    public void throttle(String operation, int times) {
        boolean ebsOperation = List.of("StartSnapshot", "PutSnapshotBlock", "CompleteSnapshot", "ListSnapshotBlocks",
                "ListChangedBlocks", "GetSnapshotBlock").contains(operation);
        fail(operation, ebsOperation ? AwsError.ebsThrottled() : AwsError.ec2Throttled(), times);
    }

    /** The next snapshot started answers "does not exist" to its first {@code requests} requests. */
    public void notFoundAfterStart(int requests) {
        ebs.notFoundAfterStart = requests;
    }

    /** The next {@code count} snapshots completed end in {@code error} whatever they were sent. */
    public void errorCompletions(int count) {
        ebs.errorCompletions = count;
    }

    /** Each PutSnapshotBlock waits {@code millis} before it is handled (a slow upload to kill part way). */
    public void delayPuts(long millis) {
        ebs.putDelayMillis = millis;
    }

    /** Calls of {@code operation} so far, failed ones included. */
    public long calls(String operation) {
        return calls.getOrDefault(operation, new AtomicLong()).get();
    }

    /** Blocks PutSnapshotBlock accepted so far, over all snapshots. */
    public long blocksPut() {
        return ebs.blocksPut.get();
    }

    public List<FakeSnapshot> snapshots() {
        return ebs.all();
    }

    /** Every instance RunInstances made, terminated ones included, oldest first. */
    public List<FakeInstance> instances() {
        return ec2.instances.values().stream().sorted(java.util.Comparator.comparing(i -> i.id)).toList();
    }

    public FakeSnapshot snapshot(String id) {
        return ebs.snapshots.get(id);
    }

    AwsError nextFault(String operation) {
        calls.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
        Deque<AwsError> queue = faults.get(operation);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.poll();
        }
    }

    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** An EBS client on the fake that does not retry. */
    public EbsClient ebsClient() {
        return EbsClient.builder().endpointOverride(endpoint()).region(REGION).credentialsProvider(credentials())
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    /** An EC2 client on the fake that does not retry. */
    public Ec2Client ec2Client() {
        return Ec2Client.builder().endpointOverride(endpoint()).region(REGION).credentialsProvider(credentials())
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        ec2.close();
    }
}
