package io.pilotlight.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A TCP proxy for HTTP/1.1 on 127.0.0.1 (random port) that forwards to a target and injects
 * faults into a share of requests, chosen by a seeded {@link Random}: reset the connection
 * (SO_LINGER 0), stall before forwarding, cut the response after K bytes, flip a bit of the request
 * body, or answer 500/503 itself without forwarding; or a {@link Mix} of these. The policy can change while it runs. It frames requests on kept-alive
 * connections (Content-Length or chunked), so faults hit requests, not only new connections.
 * Bounded: at most {@code maxConnections} at once (more are closed at once), two threads each,
 * stalls of at most a minute. {@link #close} stops everything.
 *
 * <p>{@link #lose} (or {@link #loseAtRequest}) makes the server lost as a host that stops answering
 * is: new connections are refused, and the open ones hang, nothing more forwarded, answered or
 * closed, until {@link #close}. A client sending a body then blocks in its socket write.
 */
public final class FaultProxy implements Closeable {
    /** What to do with each request. */
    public sealed interface Policy permits PassThrough, Reset, Stall, CutResponse, HttpError, CorruptBody, Mix {
        /** The share of requests it faults, 0 to 1. */
        double share();
    }

    /** Forward everything. */
    public record PassThrough() implements Policy {
        @Override
        public double share() {
            return 0;
        }
    }

    /** Reset the connection (RST, not FIN) instead of forwarding a share of requests. */
    public record Reset(double share) implements Policy {
        public Reset {
            checkShare(share);
        }
    }

    /** Hold a share of requests for {@code duration} before forwarding them. */
    public record Stall(Duration duration, double share) implements Policy {
        public Stall {
            checkShare(share);
            if (requireNonNull(duration, "duration is null").isNegative() || duration.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("stall " + duration + " must be between 0 and 1 minute");
            }
        }
    }

    /** Forward a share of requests, but only the first {@code afterBytes} of the response (counting a 100 Continue). */
    public record CutResponse(int afterBytes, double share) implements Policy {
        public CutResponse {
            checkShare(share);
            if (afterBytes < 0) {
                throw new IllegalArgumentException("afterBytes " + afterBytes + " must not be negative");
            }
        }
    }

    /** Answer a share of requests with 500 or 503 and an S3-style XML error, {@code Connection: close}. */
    public record HttpError(int status, double share) implements Policy {
        public HttpError {
            checkShare(share);
            if (status != 500 && status != 503) {
                throw new IllegalArgumentException("status " + status + " must be 500 or 503");
            }
        }
    }

    /**
     * Forward a share of requests with one bit of the body's first byte flipped (bodies framed by
     * Content-Length; a request without a body passes untouched): damage the client cannot see.
     */
    public record CorruptBody(double share) implements Policy {
        public CorruptBody {
            checkShare(share);
        }
    }

    /**
     * Several faults at once: each request gets at most one, {@code policies.get(i)} with
     * probability {@code policies.get(i).share()}; the shares add up to at most 1.
     */
    public record Mix(List<Policy> policies) implements Policy {
        public Mix {
            policies = List.copyOf(requireNonNull(policies, "policies is null"));
            if (policies.stream().anyMatch(p -> p instanceof Mix || p instanceof PassThrough)) {
                throw new IllegalArgumentException("a mix holds faults only, not " + policies);
            }
            checkShare(policies.stream().mapToDouble(Policy::share).sum());
        }

        @Override
        public double share() {
            return policies.stream().mapToDouble(Policy::share).sum();
        }
    }

    private static void checkShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share " + share + " must be between 0 and 1");
        }
    }

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Random random;
    private final Semaphore slots;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private final Map<String, AtomicInteger> faultsByKind = new ConcurrentSkipListMap<>();
    private volatile Policy policy = new PassThrough();
    private volatile boolean closed;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Predicate<String> loseAt = line -> false;
    /** The {@link System#nanoTime()} of the loss, 0 while not lost. */
    private volatile long lostAt;

    public FaultProxy(String targetHost, int targetPort, long seed) throws IOException {
        this(targetHost, targetPort, seed, 32);
    }

    public FaultProxy(String targetHost, int targetPort, long seed, int maxConnections) throws IOException {
        this.target = new InetSocketAddress(requireNonNull(targetHost, "targetHost is null"), targetPort);
        this.random = new Random(seed);
        this.slots = new Semaphore(maxConnections);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public void policy(Policy policy) {
        this.policy = requireNonNull(policy, "policy is null");
    }

    /** Loses the server now (see the class comment). */
    public synchronized void lose() throws IOException {
        if (lostAt == 0) {
            lostAt = System.nanoTime();
        }
        server.close();
    }

    /**
     * Loses the server when a request whose request line ({@code PUT /bucket/key HTTP/1.1}) matches
     * arrives, before forwarding any of it.
     */
    public void loseAtRequest(Predicate<String> requestLine) {
        this.loseAt = requireNonNull(requestLine, "requestLine is null");
    }

    /** The {@link System#nanoTime()} at which the server was lost, if it was. */
    public OptionalLong lostAt() {
        long at = lostAt;
        return at == 0 ? OptionalLong.empty() : OptionalLong.of(at);
    }

    /** Requests seen so far (faulted or not). */
    public int requests() {
        return requests.get();
    }

    /** Requests faulted so far. */
    public int faults() {
        return faults.get();
    }

    /** Requests faulted so far per kind of fault ({@code Reset}, {@code Stall}, ...), sorted by kind. */
    public Map<String, Integer> faultsByKind() {
        Map<String, Integer> counts = new TreeMap<>();
        faultsByKind.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        closing.countDown();
        server.close();
        links.forEach(Link::close);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!slots.tryAcquire()) {
                closeQuietly(client);
                continue;
            }
            try {
                Link link = new Link(client, new Socket(target.getAddress(), target.getPort()));
                links.add(link);
                threads.execute(() -> link.run(link::forwardRequests));
                threads.execute(() -> link.run(link::forwardResponses));
            } catch (IOException | RuntimeException e) {
                closeQuietly(client);
                slots.release();
            }
        }
    }

    /** The fault for the next request under {@code policy}, or null to forward it untouched. */
    private synchronized Policy fault(Policy policy) {
        if (policy.share() == 0) {
            return null;
        }
        double draw = random.nextDouble();
        for (Policy candidate : policy instanceof Mix mix ? mix.policies() : List.of(policy)) {
            draw -= candidate.share();
            if (draw < 0) {
                return candidate;
            }
        }
        return null;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** One client connection and its upstream connection. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private final AtomicLong responseBudget = new AtomicLong(-1); // -1: unlimited
        private final AtomicInteger running = new AtomicInteger(2);

        Link(Socket client, Socket upstream) throws IOException {
            this.client = client;
            this.upstream = upstream;
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
        }

        void run(Pump pump) {
            try {
                pump.run();
            } catch (IOException | InterruptedException | RuntimeException e) {
                close();
            } finally {
                if (running.decrementAndGet() == 0) {
                    close();
                    links.remove(this);
                    slots.release();
                }
            }
        }

        void forwardRequests() throws IOException, InterruptedException {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(new UntilLost(upstream.getOutputStream()));
            HttpRequestHead head;
            while ((head = HttpRequestHead.read(in)) != null) {
                requests.incrementAndGet();
                if (loseAt.test(head.requestLine())) {
                    lose();
                }
                Policy now = fault(policy);
                if (now != null) {
                    faults.incrementAndGet();
                    faultsByKind.computeIfAbsent(now.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                    if (now instanceof Reset) {
                        reset();
                        return;
                    } else if (now instanceof HttpError error) {
                        answer(error.status(), head, in);
                        return;
                    } else if (now instanceof Stall stall) {
                        Thread.sleep(stall.duration().toMillis());
                    } else if (now instanceof CutResponse cut) {
                        responseBudget.set(cut.afterBytes());
                    }
                }
                out.write(head.raw());
                out.flush();
                head.copyBody(in, now instanceof CorruptBody ? new FlipFirstBit(out) : out);
            }
            upstream.shutdownOutput();
        }

        void forwardResponses() throws IOException {
            InputStream in = upstream.getInputStream();
            OutputStream out = new UntilLost(client.getOutputStream());
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long budget = responseBudget.get();
                int allowed = budget < 0 ? n : (int) Math.min(n, budget);
                out.write(buffer, 0, allowed);
                if (budget >= 0 && responseBudget.addAndGet(-allowed) == 0) {
                    out.flush();
                    close(); // the client sees the body end early
                    return;
                }
            }
            client.shutdownOutput();
        }

        private void answer(int status, HttpRequestHead head, InputStream in) throws IOException {
            if (!head.expectsContinue()) {
                head.copyBody(in, OutputStream.nullOutputStream()); // so the client reads our answer
            }
            String code = status == 503 ? "SlowDown" : "InternalError";
            String reason = status == 503 ? "Slow Down" : "Internal Server Error";
            String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                    + "</Code><Message>injected by FaultProxy</Message></Error>\n";
            String response = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/xml\r\n"
                    + "Content-Length: " + body.getBytes(UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
            OutputStream out = client.getOutputStream();
            out.write(response.getBytes(UTF_8));
            out.flush();
            client.shutdownOutput();
            close();
        }

        private void reset() throws IOException {
            client.setSoLinger(true, 0);
            close();
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** Passes bytes through until the server is lost; then hangs until the proxy closes. */
    private final class UntilLost extends java.io.FilterOutputStream {
        UntilLost(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            hangIfLost();
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            hangIfLost();
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            hangIfLost();
            out.flush();
        }

        private void hangIfLost() throws IOException {
            if (lostAt == 0) {
                return;
            }
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("proxy closed");
        }
    }

    /** Passes bytes through, the first one with its lowest bit flipped. */
    private static final class FlipFirstBit extends java.io.FilterOutputStream {
        private boolean flipped;

        FlipFirstBit(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(flipped ? b : b ^ 1);
            flipped = true;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > 0 && !flipped) {
                write(bytes[offset]);
                out.write(bytes, offset + 1, length - 1);
            } else {
                out.write(bytes, offset, length);
            }
        }
    }

    @FunctionalInterface
    private interface Pump {
        void run() throws IOException, InterruptedException;
    }
}
