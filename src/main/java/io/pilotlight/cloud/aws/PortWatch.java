package io.pilotlight.cloud.aws;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.cloud.CloudException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Waits until a TCP connection to {@code address:port} opens, retrying each second until the limit;
 * then reads the first line the guest sends within a second, if it sends any.
 */
final class PortWatch {
    private static final int CONNECT_MILLIS = 2000;
    private static final int READ_MILLIS = 1000;
    private static final Duration POLL = Duration.ofSeconds(1);

    private final Ticker ticker;

    PortWatch(Ticker ticker) {
        this.ticker = ticker;
    }

    /** What the guest sent first (one line, possibly empty) once the connection opened. */
    String await(String instance, String address, PortCheck check) throws IOException {
        long deadline = ticker.nanoTime() + check.limit().toNanos();
        IOException last;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, check.port()), CONNECT_MILLIS);
                socket.setSoTimeout(READ_MILLIS);
                return firstLine(socket.getInputStream());
            } catch (IOException e) {
                last = e;
            }
            if (ticker.nanoTime() > deadline) {
                throw new CloudException(Kind.NO_HEARTBEAT, "instance " + instance + " did not accept a TCP"
                        + " connection on " + address + ":" + check.port() + " in " + check.limit().toSeconds()
                        + " s (last: " + last + "); is the port open in its security group and reachable from here?");
            }
            try {
                ticker.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while connecting to " + address + ":" + check.port());
            }
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        int length = 0;
        try {
            int read;
            while (length < buffer.length && (read = in.read()) >= 0 && read != '\n') {
                buffer[length++] = (byte) read;
            }
        } catch (SocketTimeoutException e) {
            // the guest sent nothing (more): the connection alone is the answer
        }
        return new String(buffer, 0, length, StandardCharsets.UTF_8).strip();
    }
}
