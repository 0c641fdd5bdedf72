package io.pilotlight.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on 127.0.0.1 that records each POSTed body; it can answer 500 to the first N requests. */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<String> bodies = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean fail = failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
            if (!fail) {
                synchronized (bodies) {
                    bodies.add(body);
                }
            }
            byte[] answer = (fail ? "down for maintenance" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void failNext(int requests) {
        failuresLeft.set(requests);
    }

    List<String> bodies() {
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
