package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who may see the daemon's routes. Without a token (a loopback listener) everyone on the host may.
 * With one, a request needs {@code Authorization: Bearer TOKEN}; a browser, which cannot send that
 * header, logs in once by opening any page with {@code ?token=TOKEN}: it is sent on to the same page
 * without the query and given a cookie ({@value #COOKIE}, HttpOnly, SameSite=Strict) that holds a
 * digest of the token, never the token. The cookie admits {@code GET} only, so another site cannot
 * make a browser start a job.
 */
public final class PageAccess {
    public static final String COOKIE = "pilotlight_session";

    private final Optional<String> token;

    /** What to do with a request. */
    public sealed interface Decision {
        /** Serve it. */
        record Allowed() implements Decision {
        }

        /** Send the browser to {@code location} with {@code setCookie} as its {@code Set-Cookie} header. */
        record Login(String location, String setCookie) implements Decision {
        }

        /** Answer 401 with this message. */
        record Denied(String message) implements Decision {
        }
    }

    public PageAccess(Optional<String> token) {
        this.token = requireNonNull(token, "token is null");
        token.filter(String::isBlank).ifPresent(blank -> {
            throw new IllegalArgumentException("the listener token is blank; give a token of at least one character");
        });
    }

    public boolean required() {
        return token.isPresent();
    }

    /** The decision for a request of {@code method} on {@code path} with its raw query and headers. */
    public Decision decide(String method, String path, Optional<String> rawQuery, Optional<String> authorization,
                           Optional<String> cookies) {
        if (token.isEmpty()) {
            return new Decision.Allowed();
        }
        if (authorization.isPresent()) {
            return same(authorization.get(), "Bearer " + token.get()) ? new Decision.Allowed()
                    : new Decision.Denied("the bearer token is wrong");
        }
        Optional<String> offered = rawQuery.flatMap(PageAccess::tokenParameter);
        if (offered.isPresent() && method.equals("GET")) {
            return same(offered.get(), token.get()) ? new Decision.Login(path, COOKIE + "=" + session()
                    + "; Path=/; HttpOnly; SameSite=Strict") : new Decision.Denied("the token given in ?token= is wrong");
        }
        if (method.equals("GET") && cookies.flatMap(PageAccess::sessionCookie).filter(value -> same(value, session()))
                .isPresent()) {
            return new Decision.Allowed();
        }
        return new Decision.Denied("a token is required: send Authorization: Bearer TOKEN, or open the page once"
                + " with ?token=TOKEN");
    }

    /** The cookie's value: a digest of the token, so the cookie never holds the token itself. */
    private String session() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("pilotlight status page session\0".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(token.orElseThrow().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static boolean same(String offered, String expected) {
        return MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> tokenParameter(String rawQuery) {
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("token=")) {
                return Optional.of(URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> sessionCookie(String header) {
        for (String cookie : header.split(";")) {
            String trimmed = cookie.trim();
            if (trimmed.startsWith(COOKIE + "=")) {
                return Optional.of(trimmed.substring(COOKIE.length() + 1));
            }
        }
        return Optional.empty();
    }
}
