package io.pilotlight.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A connection after NBD_OPT_STARTTLS: the JDK's TLS (an {@link SSLSocket} layered over the accepted
 * socket, server side, X.509 from the server's key store), as a channel the rest of the session reads
 * and writes as before.
 */
final class TlsChannel implements ByteChannel {
    private final SSLSocket socket;
    private final ReadableByteChannel in;
    private final WritableByteChannel out;

    private TlsChannel(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = Channels.newChannel(socket.getInputStream());
        this.out = Channels.newChannel(socket.getOutputStream());
    }

    /** Runs the server side of the TLS handshake over {@code plain}; fails naming the client's reason. */
    static TlsChannel serverOver(SocketChannel plain, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain.socket(), null,
                plain.socket().getPort(), true);
        socket.setUseClientMode(false);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw new IOException("NBD TLS handshake with " + plain.socket().getRemoteSocketAddress() + " failed: "
                    + e.getMessage(), e);
        }
        return new TlsChannel(socket);
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        return in.read(target);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        return out.write(source);
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
