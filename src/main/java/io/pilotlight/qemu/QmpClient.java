package io.pilotlight.qemu;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client of a QEMU Machine Protocol monitor on a unix socket (qemu-storage-daemon {@code --monitor}, or
 * a VM's {@code -qmp}). {@link #connect} reads the greeting and leaves capabilities negotiation;
 * {@link #execute} sends one command and returns its {@code return} value. Events (messages with an
 * {@code event} member) may arrive before a command's reply: they are queued, never taken for the reply,
 * and {@link #awaitEvent} takes them from the queue or waits for them. Each command carries an {@code id}
 * that its reply must echo, so a reply that comes after its command timed out is skipped. One reader
 * thread turns the socket into lines; every wait is bounded. Not for concurrent use.
 */
public final class QmpClient implements Closeable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_QUEUED_EVENTS = 1000;
    private static final JsonNode HANG_UP = JSON.createObjectNode();

    private final Path socket;
    private final SocketChannel channel;
    private final Duration timeout;
    private final BlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
    private final Deque<JsonNode> events = new ArrayDeque<>();
    private final Thread reader;
    private volatile String readFailure = "";
    private boolean closed;
    private long nextId = 1;

    private QmpClient(Path socket, SocketChannel channel, Duration timeout) {
        this.socket = socket;
        this.channel = channel;
        this.timeout = timeout;
        this.reader = new Thread(this::readLines, "qmp-reader " + socket);
        reader.setDaemon(true);
    }

    /** Connects, reads the greeting and enters command mode; each later wait is bounded by {@code timeout}. */
    public static QmpClient connect(Path socket, Duration timeout) throws IOException {
        requireNonNull(socket, "socket is null");
        requireNonNull(timeout, "timeout is null");
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new IOException("QMP " + socket + ": cannot connect: " + e.getMessage(), e);
        }
        QmpClient client = new QmpClient(socket, channel, timeout);
        client.reader.start();
        try {
            JsonNode greeting = client.next(timeout, "the greeting (a QMP monitor serves one client at a time: is"
                    + " another connected?)");
            if (!greeting.has("QMP")) {
                throw new IOException("QMP " + socket + ": the first message is not a QMP greeting: " + greeting);
            }
            client.execute("qmp_capabilities", Map.of());
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Runs {@code command} with {@code arguments} (converted with Jackson; empty for none) and returns its
     * {@code return} value. A QMP error becomes an {@link IOException} naming the command, the error's
     * class and description; so do a hang-up and a reply that does not come within the timeout.
     */
    public JsonNode execute(String command, Map<String, ?> arguments) throws IOException {
        requireNonNull(command, "command is null");
        requireNonNull(arguments, "arguments is null");
        String id = "pilotlight-" + nextId++;
        ObjectNode message = JSON.createObjectNode().put("execute", command).put("id", id);
        if (!arguments.isEmpty()) {
            message.set("arguments", JSON.valueToTree(arguments));
        }
        send(command, message);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode reply = next(Duration.ofNanos(deadline - System.nanoTime()), "the reply to " + command);
            if (reply.has("event")) {
                queue(reply);
            } else if (id.equals(reply.path("id").asText(null))) {
                if (reply.has("error")) {
                    JsonNode error = reply.get("error");
                    throw new QmpException(command, error.path("class").asText("?"), error.path("desc").asText("?"));
                }
                if (!reply.has("return")) {
                    throw new IOException("QMP " + socket + ": the reply to " + command + " has neither return nor"
                            + " error: " + reply);
                }
                return reply.get("return");
            } // else: the late reply to an earlier command that timed out
        }
    }

    /** The first event named {@code name} (queued or still to come), within the client's timeout. */
    public JsonNode awaitEvent(String name) throws IOException {
        return awaitEvent(name, data -> true, timeout);
    }

    /** The first event named {@code name} whose {@code data} matches, within {@code wait}; others stay queued. */
    public JsonNode awaitEvent(String name, Predicate<JsonNode> data, Duration wait) throws IOException {
        for (Iterator<JsonNode> queued = events.iterator(); queued.hasNext(); ) {
            JsonNode event = queued.next();
            if (name.equals(event.path("event").asText()) && data.test(event.path("data"))) {
                queued.remove();
                return event;
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            JsonNode message = next(Duration.ofNanos(deadline - System.nanoTime()), "event " + name);
            if (message.has("event")) {
                if (name.equals(message.path("event").asText()) && data.test(message.path("data"))) {
                    return message;
                }
                queue(message);
            }
        }
    }

    private void queue(JsonNode event) {
        if (events.size() == MAX_QUEUED_EVENTS) {
            events.removeFirst(); // nobody waited for it; job status chatter mostly
        }
        events.addLast(event);
    }

    private void send(String command, ObjectNode message) throws IOException {
        if (closed) {
            throw new IOException("QMP " + socket + ": cannot send " + command + ": the client is closed");
        }
        ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(message) + "\n").getBytes(UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new IOException("QMP " + socket + ": cannot send " + command + ": " + e.getMessage(), e);
        }
    }

    private JsonNode next(Duration wait, String what) throws IOException {
        JsonNode message;
        try {
            message = wait.isNegative() ? null : incoming.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("QMP " + socket + ": interrupted while waiting for " + what);
        }
        if (message == null) {
            throw new IOException("QMP " + socket + ": " + what + " did not come in time (timeout " + timeout.toMillis()
                    + " ms)");
        }
        if (message == HANG_UP) {
            incoming.add(HANG_UP); // every later wait fails the same way
            throw new IOException("QMP " + socket + ": the server hung up before " + what + readFailure);
        }
        return message;
    }

    private void readLines() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    incoming.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            readFailure = closed ? "" : " (" + e.getMessage() + ")";
        } finally {
            incoming.add(HANG_UP);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }

    /** A command QEMU answered with an error. */
    public static final class QmpException extends IOException {
        private final String errorClass;

        QmpException(String command, String errorClass, String description) {
            super("QMP command " + command + " failed: " + errorClass + ": " + description);
            this.errorClass = errorClass;
        }

        public String errorClass() {
            return errorClass;
        }
    }
}
