package io.pilotlight.recovery.serve;

import static java.util.Objects.requireNonNull;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.nbd.NbdExport;
import io.pilotlight.nbd.NbdServer;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a restore point over NBD, read-only or writable through a copy-on-write overlay, and owns
 * how it stops: {@link #close()} stops accepting, drops the clients and makes the overlay's writes
 * durable (then releases it). A JVM shutdown (SIGTERM, Ctrl-C) may end the process before the
 * serving thread resumes, so a shutdown hook, registered at {@link #start} and removed by
 * {@link #close()}, does the same.
 */
public final class PointServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PointServer.class);

    private final Manifest manifest;
    private final Optional<OverlayExport> overlay;
    private final long blocksWrittenBefore;
    private final NbdServer server;
    private final Thread shutdownHook;
    private boolean closed;

    private PointServer(Manifest manifest, Optional<OverlayExport> overlay, NbdServer server) {
        this.manifest = manifest;
        this.overlay = overlay;
        this.blocksWrittenBefore = overlay.map(OverlayExport::blocksWritten).orElse(0L);
        this.server = server;
        this.shutdownHook = new Thread(this::closeQuietly, "serve-shutdown " + server.address().uri());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** What to serve and how. */
    public record Request(String disk, String point, NbdAddress address, long cacheBytes, Optional<Path> overlay,
            int maxClients, Optional<javax.net.ssl.SSLContext> tls) {
        /** A request without TLS. */
        public Request(String disk, String point, NbdAddress address, long cacheBytes, Optional<Path> overlay,
                int maxClients) {
            this(disk, point, address, cacheBytes, overlay, maxClients, Optional.empty());
        }

        public Request {
            requireNonNull(tls, "tls is null");
            Repository.checkDisk(disk);
            requireNonNull(point, "point is null");
            requireNonNull(address, "address is null");
            requireNonNull(overlay, "overlay is null");
            if (cacheBytes < 0 || maxClients < 1) {
                throw new IllegalArgumentException("serve " + disk + ": cache bytes (" + cacheBytes
                        + ") must not be negative and max clients (" + maxClients + ") at least 1");
            }
        }
    }

    /**
     * Resolves the point ({@link Repository#manifest}: an id, a unique prefix or {@code latest}),
     * opens or resumes the overlay when asked, and listens. Nothing stays open if this throws.
     */
    public static PointServer start(Repository repository, Request request) throws IOException {
        Manifest manifest = repository.manifest(request.disk(), request.point());
        PointExport base = new PointExport(repository, manifest, request.cacheBytes());
        Optional<OverlayExport> overlay = Optional.empty();
        if (request.overlay().isPresent()) {
            overlay = Optional.of(OverlayExport.open(request.overlay().get(), base, repository.config().id(),
                    request.disk(), manifest.id()));
        }
        NbdExport export = overlay.<NbdExport>map(writable -> writable).orElse(base);
        NbdServer server = null;
        try {
            server = NbdServer.start(request.address(), export, request.maxClients(), request.tls());
            return new PointServer(manifest, overlay, server);
        } catch (IOException | RuntimeException e) {
            closeAfter(e, server);
            closeAfter(e, overlay.orElse(null));
            throw e;
        }
    }

    private static void closeAfter(Exception failure, Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** The point served. */
    public Manifest manifest() {
        return manifest;
    }

    /** Where clients connect (with the port actually bound). */
    public NbdAddress address() {
        return server.address();
    }

    /** Whether writes are accepted (into the overlay). */
    public boolean writable() {
        return overlay.isPresent();
    }

    /** Blocks of 4 KiB the overlay held when this server started (0 when read-only). */
    public long blocksWrittenBefore() {
        return blocksWrittenBefore;
    }

    /**
     * Blocks until {@link #close()} (from another thread, or the shutdown hook), or until the
     * calling thread is interrupted: then it returns at once with the interrupt flag still set. The
     * caller closes in either case.
     */
    public void awaitStop() {
        try {
            server.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops serving and makes the overlay durable, then releases it; once only, from any thread.
     * An interrupt flag is set aside meanwhile (an interrupted thread cannot sync a file) and restored.
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean interrupted = Thread.interrupted();
        try {
            try {
                server.close();
            } finally {
                if (overlay.isPresent()) {
                    overlay.get().close();
                }
            }
        } finally {
            removeShutdownHook();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The hook this server registered, for tests: gone from the runtime once closed. */
    Thread shutdownHook() {
        return shutdownHook;
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs, finds the server closed, and does nothing
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("serve {}: closing at shutdown: {}", manifest.disk(), e.getMessage());
        }
    }
}
