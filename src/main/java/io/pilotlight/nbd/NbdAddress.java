package io.pilotlight.nbd;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an NBD export is: a unix socket or a TCP host and port, and the export's name (empty is the
 * server's default export). The URI forms are those of the NBD URI standard that qemu and libnbd use.
 */
public record NbdAddress(Optional<Path> socket, Optional<String> host, int port, String export) {
    public static final int DEFAULT_PORT = 10809;
    private static final String UNIX_PREFIX = "nbd+unix://";
    private static final String TCP_PREFIX = "nbd://";
    private static final String RULE = "expected nbd+unix:///EXPORT?socket=PATH or nbd://HOST[:PORT]/EXPORT";

    public NbdAddress {
        requireNonNull(socket, "socket is null");
        requireNonNull(host, "host is null");
        requireNonNull(export, "export is null");
        if (socket.isPresent() == host.isPresent()) {
            throw new IllegalArgumentException("an NBD address has either a socket or a host, not "
                    + (socket.isPresent() ? "both" : "neither"));
        }
        if (host.isPresent() && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("NBD port " + port + " is outside 1..65535");
        }
    }

    /** {@code nbd+unix:///EXPORT?socket=PATH} or {@code nbd://HOST[:PORT]/EXPORT} (default port 10809; empty export allowed). */
    public static NbdAddress parse(String uri) {
        requireNonNull(uri, "uri is null");
        if (uri.startsWith(UNIX_PREFIX)) {
            return parseUnix(uri, uri.substring(UNIX_PREFIX.length()));
        }
        if (uri.startsWith(TCP_PREFIX)) {
            return parseTcp(uri, uri.substring(TCP_PREFIX.length()));
        }
        throw invalid(uri, "unknown scheme; " + RULE);
    }

    private static NbdAddress parseUnix(String uri, String rest) {
        if (!rest.startsWith("/")) {
            throw invalid(uri, "a unix socket URI has no host (three slashes); " + RULE);
        }
        int query = rest.indexOf('?');
        if (query < 0) {
            throw invalid(uri, "missing ?socket=PATH; " + RULE);
        }
        String export = decode(uri, rest.substring(1, query));
        String socket = null;
        for (String parameter : rest.substring(query + 1).split("&")) {
            if (parameter.startsWith("socket=")) {
                socket = decode(uri, parameter.substring("socket=".length()));
            }
        }
        if (socket == null || socket.isEmpty()) {
            throw invalid(uri, "missing or empty socket= parameter; " + RULE);
        }
        return new NbdAddress(Optional.of(Path.of(socket)), Optional.empty(), 0, export);
    }

    private static NbdAddress parseTcp(String uri, String rest) {
        if (rest.indexOf('?') >= 0) {
            throw invalid(uri, "query parameters are not supported on nbd:// (TLS is not implemented yet)");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String export = slash < 0 ? "" : decode(uri, rest.substring(slash + 1));
        String host = authority;
        int port = DEFAULT_PORT;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && authority.indexOf(']', colon) < 0) {
            host = authority.substring(0, colon);
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw invalid(uri, "port '" + authority.substring(colon + 1) + "' is not a number");
            }
            if (port < 1 || port > 65535) {
                throw invalid(uri, "port " + port + " is outside 1..65535");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw invalid(uri, "missing host; " + RULE);
        }
        return new NbdAddress(Optional.empty(), Optional.of(host), port, export);
    }

    /** The address as a URI that {@link #parse} reads back (and nbdinfo understands). */
    public String uri() {
        String name = encode(export);
        if (socket.isPresent()) {
            return UNIX_PREFIX + "/" + name + "?socket=" + socket.get();
        }
        String h = host.orElseThrow();
        String authority = h.indexOf(':') >= 0 ? "[" + h + "]" : h;
        return TCP_PREFIX + authority + (port == DEFAULT_PORT ? "" : ":" + port) + "/" + name;
    }

    @Override
    public String toString() {
        return uri();
    }

    private static String decode(String uri, String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(uri, "bad percent-encoding in '" + text + "'");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    private static IllegalArgumentException invalid(String uri, String rule) {
        return new IllegalArgumentException("NBD URI '" + uri + "': " + rule);
    }
}
