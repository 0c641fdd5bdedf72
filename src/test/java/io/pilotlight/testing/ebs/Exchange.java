package io.pilotlight.testing.ebs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** One request to the fake, read whole, and the ways to answer it. */
final class Exchange {
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpExchange http;
    final String method;
    final String path;
    final Map<String, String> query;
    final byte[] body;

    Exchange(HttpExchange http) throws IOException {
        this.http = http;
        this.method = http.getRequestMethod();
        this.path = http.getRequestURI().getRawPath();
        this.query = decodeForm(http.getRequestURI().getRawQuery());
        this.body = http.getRequestBody().readAllBytes();
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    /** The parameters of a form-encoded body (the EC2 query protocol). */
    Map<String, String> form() {
        return decodeForm(new String(body, StandardCharsets.UTF_8));
    }

    static Map<String, String> decodeForm(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }

    void json(int status, Object value) throws IOException {
        send(status, "application/json", JSON.writeValueAsBytes(value));
    }

    void xml(String xml) throws IOException {
        send(200, "text/xml;charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8));
    }

    void send(int status, String contentType, byte[] payload) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        http.sendResponseHeaders(status, payload.length == 0 ? -1 : payload.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(payload);
        }
    }

    /** An EBS error: status, {@code x-amzn-ErrorType} and {@code {"Message","Reason"}}. */
    void ebsError(AwsError error) throws IOException {
        http.getResponseHeaders().set("x-amzn-ErrorType", error.type);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Message", error.getMessage());
        if (error.reason != null) {
            body.put("Reason", error.reason);
        }
        json(error.status, body);
    }

    /** An EC2 error: {@code <Response><Errors><Error><Code>…} as the query protocol answers. */
    void ec2Error(AwsError error) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + error.type
                + "</Code><Message>" + Ec2Xml.escape(error.getMessage()) + "</Message></Error></Errors><RequestID>"
                + UUID.randomUUID() + "</RequestID></Response>";
        send(error.status, "text/xml;charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8));
    }
}
