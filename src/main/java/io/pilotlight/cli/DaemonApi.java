package io.pilotlight.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options and the client of {@code status} and {@code run}: the daemon's API URL and its token. */
final class DaemonApi {
    @Option(names = "--api", paramLabel = "URL", defaultValue = "http://127.0.0.1:9811",
            description = "The daemon's API (default: ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file whose first line is the API's bearer token.")
    Path tokenFile;

    /** A response: its status code and body. */
    record Response(int code, String body) {}

    Response send(String method, String path) throws IOException, InterruptedException {
        URI uri = URI.create(api.replaceAll("/+$", "") + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (tokenFile != null) {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
            request.header("Authorization", "Bearer " + token);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new IOException("no daemon answers at " + api + " (is 'pilotlight daemon' running? see --api)", e);
        }
    }
}
