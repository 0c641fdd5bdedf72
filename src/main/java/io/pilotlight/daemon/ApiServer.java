package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pilotlight.schedule.RunNowAnswer;
import io.pilotlight.status.LoginPage;
import io.pilotlight.status.PageAccess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The daemon's HTTP API on the configured address: {@code GET /api/status}, {@code POST
 * /api/jobs/NAME/run}, {@code GET /api/alerts}, when a supplier is given {@code GET /metrics}, and the status page ({@code GET /},
 * {@code /disks/NAME}, {@code /groups/NAME} and their JSON under {@code /api/}: {@link StatusRoutes}).
 * With a token, every request needs {@code Authorization: Bearer TOKEN} (401 otherwise), or for a
 * {@code GET} the cookie a browser gets by opening a page once with {@code ?token=TOKEN} ({@link PageAccess}).
 */
final class ApiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Daemon daemon;
    private final PageAccess access;

    ApiServer(InetSocketAddress address, Optional<String> token, Daemon daemon, Optional<Supplier<String>> metrics)
            throws IOException {
        this.daemon = requireNonNull(daemon, "daemon is null");
        this.access = new PageAccess(requireNonNull(token, "token is null"));
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
        StatusRoutes pages = new StatusRoutes(daemon);
        server.createContext("/", exchange -> guarded(exchange, "GET", pages::page));
        server.createContext("/api/overview", exchange -> guarded(exchange, "GET", pages::overviewJson));
        server.createContext("/api/disks/", exchange -> guarded(exchange, "GET", pages::itemJson));
        server.createContext("/api/groups/", exchange -> guarded(exchange, "GET", pages::itemJson));
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
            PageAccess.Decision decision = decide(exchange);
            if (decision instanceof PageAccess.Decision.Denied denied) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                if (StatusRoutes.isPage(exchange.getRequestURI().getPath())) {
                    send(exchange, 401, StatusRoutes.HTML, LoginPage.render(exchange.getRequestURI().getPath(),
                            denied.message()));
                } else {
                    sendError(exchange, 401, denied.message());
                }
            } else if (decision instanceof PageAccess.Decision.Login login) {
                exchange.getResponseHeaders().add("Set-Cookie", login.setCookie());
                exchange.getResponseHeaders().add("Location", login.location());
                exchange.getResponseHeaders().add("Cache-Control", "no-store");
                send(exchange, 303, "text/plain; charset=utf-8", "logged in; see " + login.location() + "\n");
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

    private PageAccess.Decision decide(HttpExchange exchange) {
        return access.decide(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Optional.ofNullable(exchange.getRequestURI().getRawQuery()),
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Cookie")));
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

    static void sendError(HttpExchange exchange, int code, String message) throws IOException {
        sendJson(exchange, code, JsonNodeFactory.instance.objectNode().put("error", message));
    }

    static void sendJson(HttpExchange exchange, int code, ObjectNode body) throws IOException {
        send(exchange, code, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
    }

    static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
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
