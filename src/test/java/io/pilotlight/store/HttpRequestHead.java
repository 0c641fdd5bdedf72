package io.pilotlight.store;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * The head of one HTTP/1.1 request (request line and headers, as received), and how to pass its
 * body on: by {@code Content-Length}, by chunks, or none. Just enough framing for
 * {@link FaultProxy} to tell requests apart on a kept-alive connection.
 */
record HttpRequestHead(byte[] raw, long contentLength, boolean chunked, boolean expectsContinue) {
    private static final int MAX_HEAD = 64 * 1024;

    /** The request line, as {@code PUT /bucket/key HTTP/1.1}. */
    String requestLine() {
        String head = new String(raw, ISO_8859_1);
        int end = head.indexOf("\r\n");
        return end < 0 ? head : head.substring(0, end);
    }

    /** Reads a request head, or returns null if the client closed the connection before one began. */
    static HttpRequestHead read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // of "\r\n\r\n"
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a request head");
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head longer than " + MAX_HEAD + " bytes");
            }
        }
        return parse(head.toByteArray());
    }

    private static HttpRequestHead parse(byte[] raw) {
        long contentLength = 0;
        boolean chunked = false;
        boolean expectsContinue = false;
        String[] lines = new String(raw, ISO_8859_1).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "expect" -> expectsContinue = value.equals("100-continue");
                default -> { }
            }
        }
        return new HttpRequestHead(raw, chunked ? 0 : contentLength, chunked, expectsContinue);
    }

    /** Copies this request's body from {@code in} to {@code out} (a null stream drains it). */
    void copyBody(InputStream in, OutputStream out) throws IOException {
        if (!chunked) {
            copy(in, out, contentLength);
            return;
        }
        while (true) {
            String sizeLine = copyLine(in, out);
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!copyLine(in, out).isEmpty()) {
                    // trailers, up to the empty line
                }
                return;
            }
            copy(in, out, size + 2); // the data and its CRLF
        }
    }

    private static String copyLine(InputStream in, OutputStream out) throws IOException {
        StringBuilder line = new StringBuilder();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a chunked body");
            }
            out.write(b);
            if (previous == '\r' && b == '\n') {
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
            previous = b;
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        while (length > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
            if (n < 0) {
                throw new EOFException("connection closed with " + length + " body bytes to come");
            }
            out.write(buffer, 0, n);
            length -= n;
        }
        out.flush();
    }
}
