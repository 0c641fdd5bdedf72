package io.pilotlight.nbd;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An NBD server for one export, written from the protocol (NetworkBlockDevice/nbd doc/proto.md):
 * fixed-newstyle handshake, structured replies, {@code base:allocation}; read-only unless the
 * export is {@link NbdExport#writable()} (then WRITE and FLUSH). One thread
 * per connection, at most {@code maxClients} at once; a connection beyond that is closed at once.
 */
public final class NbdServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(NbdServer.class);

    private final ServerSocketChannel listener;
    private final NbdAddress address;
    private final String exportName;
    private final NbdExport export;
    private final Semaphore slots;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final Optional<SSLContext> tls;
    private volatile boolean closed;

    private NbdServer(ServerSocketChannel listener, NbdAddress address, String exportName, NbdExport export,
            int maxClients, Optional<SSLContext> tls) {
        this.tls = tls;
        this.listener = listener;
        this.address = address;
        this.exportName = exportName;
        this.export = export;
        this.slots = new Semaphore(maxClients);
        this.acceptor = new Thread(this::acceptLoop, "nbd-accept " + address.uri());
        this.acceptor.setDaemon(true);
    }

    /**
     * Listens on the unix socket or TCP port of {@code address} and
     * serves {@code export} under the address's export name (the empty default name is accepted too).
     * A unix socket path that exists is refused, not replaced.
     */
    public static NbdServer start(NbdAddress address, NbdExport export, int maxClients) throws IOException {
        return start(address, export, maxClients, Optional.empty());
    }

    /**
     * As {@link #start(NbdAddress, NbdExport, int)}; with {@code tls}, clients must negotiate TLS
     * (NBD_OPT_STARTTLS, X.509 from the context's key manager) before anything else.
     */
    public static NbdServer start(NbdAddress address, NbdExport export, int maxClients, Optional<SSLContext> tls)
            throws IOException {
        requireNonNull(tls, "tls is null");
        requireNonNull(address, "address is null");
        requireNonNull(export, "export is null");
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients is " + maxClients + "; must be ≥ 1");
        }
        ServerSocketChannel listener;
        NbdAddress bound = address;
        if (address.socket().isPresent()) {
            Path socket = address.socket().get();
            if (Files.exists(socket)) {
                throw new IOException("NBD socket " + socket + " exists; remove it or name another");
            }
            listener = bindUnix(socket);
        } else {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(address.host().orElseThrow(), address.port()));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            bound = new NbdAddress(Optional.empty(), address.host(), port, address.export());
        }
        NbdServer server = new NbdServer(listener, bound, address.export(), export, maxClients, tls);
        server.acceptor.start();
        return server;
    }

    /**
     * Binds and listens under a sibling name, then renames the socket into place: the path appears
     * only once connections are accepted (bind creates the file before listen, and a client that
     * saw the file in between was refused). A path too long for a sibling name is bound directly.
     */
    private static ServerSocketChannel bindUnix(Path socket) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Path binding = socket.resolveSibling("." + socket.getFileName() + "~");
        try {
            Files.deleteIfExists(binding);
            listener.bind(UnixDomainSocketAddress.of(binding));
        } catch (IOException e) {
            listener.close();
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            return listener;
        }
        try {
            Files.move(binding, socket, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            listener.close();
            Files.deleteIfExists(binding);
            throw e;
        }
        return listener;
    }

    /** The address clients connect to (with the port actually bound). */
    public NbdAddress address() {
        return address;
    }

    /** Blocks until the server is closed. */
    public void awaitClose() throws InterruptedException {
        acceptor.join();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("NBD {}: accept failed: {}", address.uri(), e.getMessage());
                }
                return;
            }
            if (!slots.tryAcquire()) {
                LOG.warn("NBD {}: refusing a connection, all client slots are in use", address.uri());
                closeQuietly(channel);
                continue;
            }
            connections.add(channel);
            Thread thread = new Thread(() -> serve(channel), "nbd-client " + address.uri());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(SocketChannel channel) {
        try {
            new NbdServerSession(channel, exportName, export, tls).run();
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("NBD {}: connection ended: {}", address.uri(), e.toString());
            }
        } catch (RuntimeException e) {
            LOG.warn("NBD {}: connection failed", address.uri(), e);
        } finally {
            closeQuietly(channel);
            connections.remove(channel);
            slots.release();
        }
    }

    /** Stops accepting, drops every connection and removes the unix socket file. */
    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (SocketChannel channel : connections) {
            closeQuietly(channel);
        }
        if (address.socket().isPresent()) {
            Files.deleteIfExists(address.socket().get());
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
