package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs each message as JSON ({@link WebhookFormat}) to a URL; any 2xx is delivered. The URL may hold
 * a token (Slack's do), so errors name the channel and the URL's reference or its host only.
 */
public final class WebhookChannel implements AlertChannel {
    private final String name;
    private final SecretSource url;
    private final WebhookFormat format;
    private final Duration timeout;
    private final HttpClient client;

    public WebhookChannel(String name, SecretSource url, WebhookFormat format, Duration timeout) {
        this.name = requireNonNull(name, "name is null");
        this.url = requireNonNull(url, "url is null");
        this.format = requireNonNull(format, "format is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(AlertMessage message) throws IOException {
        URI target = uri();
        HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8").header("User-Agent", "pilotlight-alerts")
                .POST(HttpRequest.BodyPublishers.ofString(format.body(message), StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("webhook " + name + ": interrupted");
        } catch (IOException e) {
            throw new IOException("webhook " + name + " (" + shown(target) + "): " + describe(e), e);
        }
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new IOException("webhook " + name + " (" + shown(target) + "): HTTP " + response.statusCode()
                    + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
        }
    }

    private URI uri() throws IOException {
        String value = url.reveal();
        try {
            URI uri = URI.create(value.strip());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not http or https");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IOException("webhook " + name + ": the URL from " + url.reference() + " is not an http(s) URL");
        }
    }

    /** Scheme, host and port only: the path and query may carry a token. */
    private String shown(URI target) {
        String where = target.getScheme() + "://" + target.getHost() + (target.getPort() < 0 ? "" : ":" + target.getPort());
        return where + ", URL from " + url.reference();
    }

    private static String describe(IOException e) {
        String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof java.net.http.HttpTimeoutException ? "no answer in time (" + reason + ")" : reason;
    }
}
