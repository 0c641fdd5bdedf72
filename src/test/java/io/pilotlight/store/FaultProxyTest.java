package io.pilotlight.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.pilotlight.store.FaultProxy.CutResponse;
import io.pilotlight.store.FaultProxy.HttpError;
import io.pilotlight.store.FaultProxy.Mix;
import io.pilotlight.store.FaultProxy.PassThrough;
import io.pilotlight.store.FaultProxy.Reset;
import io.pilotlight.store.FaultProxy.Stall;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each policy of {@link FaultProxy} gives a real HTTP client the failure it stands for. */
@Timeout(60)
@Slow
class FaultProxyTest {
    private static final byte[] BIG = new byte[256 * 1024];

    private final AtomicInteger served = new AtomicInteger();
    private ExecutorService serverThreads;
    private HttpServer server;
    private FaultProxy proxy;
    private HttpClient client;

    @BeforeEach
    void start() throws IOException {
        new Random(5).nextBytes(BIG);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            served.incrementAndGet();
            byte[] body = exchange.getRequestURI().getPath().equals("/big") ? BIG
                    : exchange.getRequestMethod().equals("PUT") ? request : "ok".getBytes(UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        server.start();
        proxy = new FaultProxy("127.0.0.1", server.getAddress().getPort(), 11);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void passThroughForwardsRequestsAndBodiesOnKeptAliveConnections() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(send(get("/small")).body()).isEqualTo("ok".getBytes(UTF_8));
        }
        HttpResponse<byte[]> echoed = send(HttpRequest.newBuilder(uri("/echo"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(BIG)).build());
        HttpResponse<byte[]> big = send(get("/big"));

        assertThat(echoed.body()).isEqualTo(BIG);
        assertThat(big.body()).isEqualTo(BIG);
        assertThat(proxy.requests()).isEqualTo(22);
        assertThat(proxy.faults()).isZero();
        assertThat(served).hasValue(22);
    }

    @Test
    void resetFailsTheRequestWithoutReachingTheServer() {
        proxy.policy(new Reset(1.0));

        assertThatThrownBy(() -> send(get("/small"))).isInstanceOf(IOException.class);
        assertThat(served).hasValue(0);
        assertThat(proxy.faults()).isPositive();
    }

    @Test
    void stallMakesTheClientTimeOutThenTrafficFlowsAgain() throws Exception {
        proxy.policy(new Stall(Duration.ofSeconds(3), 1.0));

        assertThatThrownBy(() -> send(HttpRequest.newBuilder(uri("/small")).timeout(Duration.ofMillis(300)).build()))
                .isInstanceOf(HttpTimeoutException.class);

        proxy.policy(new PassThrough());
        assertThat(send(get("/small")).statusCode()).isEqualTo(200);
    }

    @Test
    void cutResponseEndsTheBodyEarly() {
        proxy.policy(new CutResponse(1000, 1.0));

        assertThatThrownBy(() -> send(get("/big")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(served).hasValue(1);
    }

    @Test
    void httpErrorAnswers503SlowDownInsteadOfForwarding() throws Exception {
        proxy.policy(new HttpError(503, 1.0));

        HttpResponse<byte[]> get = send(get("/small"));
        HttpResponse<byte[]> put = send(HttpRequest.newBuilder(uri("/echo"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(BIG)).build());

        for (HttpResponse<byte[]> response : java.util.List.of(get, put)) {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(new String(response.body(), UTF_8)).contains("<Code>SlowDown</Code>");
            assertThat(response.headers().firstValue("connection")).contains("close");
        }
        assertThat(served).hasValue(0);
    }

    @Test
    void aShareOfRequestsGets500AndTheRestPass() throws Exception {
        proxy.policy(new HttpError(500, 0.3));
        int errors = 0;
        for (int i = 0; i < 40; i++) {
            int status = send(get("/small")).statusCode();
            assertThat(status).isIn(200, 500);
            errors += status == 500 ? 1 : 0;
        }

        assertThat(errors).isEqualTo(proxy.faults()).isBetween(4, 24);
        assertThat(served).hasValue(40 - errors);
        assertThat(proxy.requests()).isEqualTo(40);
    }

    @Test
    void aShareOfResetsFailsSomeRequestsOnly() {
        proxy.policy(new Reset(0.3));
        int failed = 0;
        for (int i = 0; i < 40; i++) {
            try {
                send(get("/small"));
            } catch (IOException | InterruptedException e) {
                failed++;
            }
        }

        assertThat(failed).isBetween(1, 39).isLessThanOrEqualTo(proxy.faults());
        assertThat(served.get() + proxy.faults()).isEqualTo(proxy.requests());
    }

    @Test
    void aMixGivesEachRequestAtMostOneOfItsFaults() throws Exception {
        proxy.policy(new Mix(List.of(new HttpError(500, 0.2), new HttpError(503, 0.2))));
        int[] byStatus = new int[600];
        for (int i = 0; i < 60; i++) {
            byStatus[send(get("/small")).statusCode()]++;
        }

        assertThat(byStatus[500]).isBetween(3, 25);
        assertThat(byStatus[503]).isBetween(3, 25);
        assertThat(byStatus[200]).isEqualTo(60 - byStatus[500] - byStatus[503]).isEqualTo(served.get());
        assertThat(proxy.faults()).isEqualTo(byStatus[500] + byStatus[503]);
        assertThat(proxy.faultsByKind()).isEqualTo(java.util.Map.of("HttpError", proxy.faults()));
    }

    @Test
    void policiesRejectNonsense() {
        assertThatThrownBy(() -> new Reset(1.5)).hasMessageContaining("share 1.5");
        assertThatThrownBy(() -> new HttpError(404, 1)).hasMessageContaining("500 or 503");
        assertThatThrownBy(() -> new Stall(Duration.ofHours(1), 1)).hasMessageContaining("1 minute");
        assertThatThrownBy(() -> new CutResponse(-1, 1)).hasMessageContaining("afterBytes -1");
        assertThatThrownBy(() -> new Mix(List.of(new Reset(0.6), new Reset(0.6)))).hasMessageContaining("share 1.2");
        assertThatThrownBy(() -> new Mix(List.of(new PassThrough()))).hasMessageContaining("faults only");
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + proxy.port() + path);
    }
}
