package io.pilotlight.recovery.drill;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One attempt at a guest port through QEMU's forward on 127.0.0.1: connect, read until the data
 * matches, the peer closes, or the read timeout. slirp accepts and closes at once while nothing in
 * the guest listens, so an empty answer means "try again", not "failed".
 */
public final class PortProbe {
    private static final int MAX_BYTES = 64 << 10;

    private PortProbe() {}

    /** The data read (possibly empty); empty when the connection was refused or reset. */
    public static Optional<String> attempt(int hostPort, Optional<Pattern> expect, Duration readTimeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), hostPort),
                    (int) readTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            InputStream in = socket.getInputStream();
            StringBuilder data = new StringBuilder();
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n > 0 && data.length() < MAX_BYTES; n = in.read(buffer)) {
                    data.append(new String(buffer, 0, n, ISO_8859_1));
                    if (expect.isEmpty() || expect.get().matcher(data).find()) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // a silent service: judge what came
            }
            return Optional.of(data.toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A free TCP port on 127.0.0.1 for QEMU's host forward (free now; QEMU binds it moments later). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
