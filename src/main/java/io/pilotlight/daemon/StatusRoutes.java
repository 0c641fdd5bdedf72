package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import io.pilotlight.status.ItemPage;
import io.pilotlight.status.OverviewPage;
import io.pilotlight.status.ProtectedItem;
import io.pilotlight.status.StatusJson;
import io.pilotlight.status.StatusSnapshot;
import java.io.IOException;
import java.util.Optional;

/**
 * The status page's routes on the API server: {@code /} (every disk and group), {@code /disks/NAME}
 * and {@code /groups/NAME} (one, with its runs), and the same as JSON: {@code /api/overview},
 * {@code /api/disks/NAME}, {@code /api/groups/NAME}. Pages carry a policy that allows no script and
 * no outside resource.
 */
final class StatusRoutes {
    static final String HTML = "text/html; charset=utf-8";
    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:;"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Daemon daemon;

    StatusRoutes(Daemon daemon) {
        this.daemon = requireNonNull(daemon, "daemon is null");
    }

    /** True for the paths that answer with HTML (a browser's), false for {@code /api/} and {@code /metrics}. */
    static boolean isPage(String path) {
        return !path.startsWith("/api/") && !path.equals("/metrics");
    }

    void page(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!isPage(path)) {
            ApiServer.sendError(exchange, 404, "no such resource " + path + "; see /api/status, /api/overview,"
                    + " /api/disks/NAME, /api/groups/NAME, /api/jobs/NAME/run");
            return;
        }
        StatusSnapshot snapshot = daemon.statusSnapshot();
        exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (path.equals("/")) {
            ApiServer.send(exchange, 200, HTML, OverviewPage.render(snapshot));
            return;
        }
        Optional<ProtectedItem> item = item(snapshot, path, "/");
        if (item.isPresent()) {
            ApiServer.send(exchange, 200, HTML, ItemPage.render(snapshot, item.get()));
        } else {
            ApiServer.send(exchange, 404, HTML, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<title>not found</title></head><body><p>No disk or group at this address. <a href=\"/\">"
                    + "All disks and groups</a></p></body></html>\n");
        }
    }

    void overviewJson(HttpExchange exchange) throws IOException {
        ApiServer.sendJson(exchange, 200, StatusJson.overview(daemon.statusSnapshot()));
    }

    void itemJson(HttpExchange exchange) throws IOException {
        StatusSnapshot snapshot = daemon.statusSnapshot();
        String path = exchange.getRequestURI().getPath();
        Optional<ProtectedItem> item = item(snapshot, path, "/api/");
        if (item.isPresent()) {
            ApiServer.sendJson(exchange, 200, StatusJson.item(item.get(), snapshot.time(), true));
        } else {
            ApiServer.sendError(exchange, 404, "no disk or group at " + path + "; the protected ones are "
                    + String.join(", ", snapshot.items().stream().map(ProtectedItem::path).toList()));
        }
    }

    /** The disk or group {@code PREFIX(disks|groups)/NAME} names, if protected. */
    private static Optional<ProtectedItem> item(StatusSnapshot snapshot, String path, String prefix) {
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String[] parts = path.substring(prefix.length()).split("/", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        for (ProtectedItem.Kind kind : ProtectedItem.Kind.values()) {
            if (kind.plural().equals(parts[0])) {
                return snapshot.item(kind, parts[1]);
            }
        }
        return Optional.empty();
    }
}
