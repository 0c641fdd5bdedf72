package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pilotlight.schedule.RunNowAnswer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The daemon's HTTP API on the configured address: {@code GET /api/status}, {@code POST
 * /api/jobs/NAME/run}, {@code GET /api/alerts} and, when a supplier is given, {@code GET /metrics}.
 * With a token, every request needs {@code Authorization: Bearer TOKEN} (401 otherwise).
 */
final class ApiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Daemon daemon;
    private final Optional<String> token;

    ApiServer(InetSocketAddress address, Optional<String> token, Daemon daemon, Optional<Supplier<String>> metrics)
            throws IOException {
        this.daemon = requireNonNull(daemon, "daemon is null");
        this.token = requireNonNull(token, "token is null");
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "pilotlight-api");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/api/status", exchange -> guarded(exchange, "GET", this::status));
        server.createContext("/api/jobs/", exchange -> guarded(exchange, "POST", this::runNow));
        server.createContext("/api/alerts", exchange -> guarded(exchange, "GET", e -> sendJson(e, 200, daemon.alerts())));
        metrics.ifPresent(body -> server.createContext("/metrics", exchange -> guarded(exchange, "GET",
                e -> send(e, 200, "text/plain; version=0.0.4; charset=utf-8", body.get()))));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void guarded(HttpExchange exchange, String method, Handler handler) throws IOException {
        try (exchange) {
            if (!authorized(exchange)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                sendError(exchange, 401, "a bearer token is required: Authorization: Bearer TOKEN");
            } else if (!exchange.getRequestMethod().equals(method)) {
                exchange.getResponseHeaders().add("Allow", method);
                sendError(exchange, 405, exchange.getRequestURI().getPath() + " takes " + method);
            } else {
                handler.handle(exchange);
            }
        } catch (RuntimeException e) {
            sendError(exchange, 500, "internal error: " + e.getMessage());
        }
    }

    private boolean authorized(HttpExchange exchange) {
        if (token.isEmpty()) {
            return true;
        }
        String header = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        byte[] expected = ("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    private void status(HttpExchange exchange) throws IOException {
        sendJson(exchange, 200, daemon.status());
    }

    private void runNow(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.substring("/api/jobs/".length()).split("/");
        if (parts.length != 2 || !parts[1].equals("run")) {
            sendError(exchange, 404, "no such resource " + path + "; use POST /api/jobs/NAME/run");
            return;
        }
        String job = parts[0];
        if (!daemon.jobNames().contains(job)) {
            sendError(exchange, 404, "no job named " + job + "; the jobs are " + String.join(", ", daemon.jobNames()));
            return;
        }
        RunNowAnswer answer = daemon.runNow(job);
        int code = switch (answer) {
            case STARTED, QUEUED -> 202;
            case ALREADY_RUNNING -> 409;
            case STOPPED -> 503;
        };
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("job", job).put("answer", answer.name());
        sendJson(exchange, code, body);
    }

    private static void sendError(HttpExchange exchange, int code, String message) throws IOException {
        sendJson(exchange, code, JsonNodeFactory.instance.objectNode().put("error", message));
    }

    private static void sendJson(HttpExchange exchange, int code, ObjectNode body) throws IOException {
        send(exchange, code, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
    }

    private static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
