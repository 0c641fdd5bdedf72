package io.pilotlight.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.Arrays;
import javax.net.ssl.SSLContext;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.recovery.serve.PointServer;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", description = "Serve a restore point read-only over NBD, straight from the repository, "
        + "until interrupted. Prints the NBD URI.")
final class ServeCommand implements Callable<Integer> {
    private static final String LISTEN_RULE = "expected unix:PATH or tcp:HOST:PORT (e.g. tcp:127.0.0.1:10809)";
    private static final int MAX_CLIENTS = 16;

    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--disk", paramLabel = "NAME", required = true, converter = DiskName.Converter.class,
            description = "The disk to serve.")
    String disk;

    @Option(names = "--point", paramLabel = "ID", defaultValue = "latest",
            description = "Point id, unique id prefix, or 'latest' (default).")
    String point;

    @Option(names = "--listen", paramLabel = "unix:PATH|tcp:HOST:PORT", required = true,
            description = "Where to listen: a unix socket path, or a TCP host and port.")
    String listen;

    @Option(names = "--cache", paramLabel = "SIZE", defaultValue = "64M", converter = ByteSize.Converter.class,
            description = "Bound of the decoded chunk cache (default 64M).")
    long cacheBytes;

    @Option(names = "--writable", paramLabel = "OVERLAY",
            description = "Serve read-write: writes go to this copy-on-write overlay file (created, or resumed when it"
                    + " was made for the same point); the repository is never written.")
    Path overlay;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Require TLS (NBD STARTTLS, X.509): the"
            + " server's certificate and key in a PKCS12 key store (keytool -genkeypair -storetype PKCS12, or openssl"
            + " pkcs12 -export). Clients connect with nbds:// (nbdinfo, qemu-img with tls-creds-x509).")
    Path tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "The key store's password (first line).")
    Path tlsPasswordFile;

    @Option(names = "--insecure-no-tls", description = "Listen on a TCP address that is not loopback without TLS or"
            + " authentication: anyone who can reach it can read the disk (and write the overlay with --writable)."
            + " Without it such an address is refused.")
    boolean insecureNoTls;

    @Override
    public Integer call() throws Exception {
        NbdAddress address = listenAddress(listen, disk);
        Optional<SSLContext> tls = tlsKeystore == null ? Optional.empty()
                : Optional.of(ServerTls.context(tlsKeystore, tlsPasswordFile));
        if (tls.isEmpty()) {
            checkExposure(address);
        }
        checkSocketDirectory(address);
        try (ObjectStore store = top.openExistingStore();
                PointServer server = start(top.openRepository(store), address, tls)) {
            String uri = tls.isEmpty() ? server.address().uri() : server.address().uri().replaceFirst("^nbd", "nbds");
            top.out().println(uri);
            top.out().flush();
            Manifest manifest = server.manifest();
            String how = !server.writable() ? "read-only" : "writable through overlay " + overlay.toAbsolutePath()
                    + " (" + server.blocksWrittenBefore() + " blocks of 4 KiB already written)";
            top.note(disk + ": serving point " + manifest.id() + " (" + ByteSize.format(manifest.diskSize()) + ") "
                    + how + " at " + uri + "; interrupt to stop");
            server.awaitStop(); // closing makes the overlay durable, also when interrupted
        }
        return ExitCodes.OK;
    }

    private PointServer start(Repository repository, NbdAddress address, Optional<SSLContext> tls)
            throws IOException {
        try {
            return PointServer.start(repository, new PointServer.Request(disk, point, address, cacheBytes,
                    Optional.ofNullable(overlay), MAX_CLIENTS, tls));
        } catch (BindException e) {
            throw new IOException("serve --listen " + listen + ": cannot listen there (" + e.getMessage() + "): a port"
                    + " another server uses, or an address this host does not have; pick a free port or another"
                    + " address", e);
        }
    }

    /**
     * Off loopback, the NBD server would expose the disk to anyone who reaches it: it has no TLS, so
     * such an address needs {@code --insecure-no-tls}, and then a warning. Unix sockets and loopback
     * addresses need neither.
     */
    private void checkExposure(NbdAddress address) throws IOException {
        if (address.host().isEmpty() || isLoopback(address.host().get())) {
            return;
        }
        String exposed = "anyone who can reach " + address.host().get() + ":" + address.port() + " could read disk "
                + disk + (overlay != null ? " and write its overlay" : "") + " (NBD has no authentication, and"
                + " without --tls-keystore no encryption)";
        if (!insecureNoTls) {
            throw new IllegalArgumentException("--listen " + listen + " is not a loopback address: " + exposed
                    + "; give --tls-keystore (TLS), or listen on 127.0.0.1 or a unix socket and tunnel to it (ssh -L),"
                    + " or pass --insecure-no-tls to accept that");
        }
        top.err().println("pilotlight: WARNING: --insecure-no-tls: serving without TLS on " + address.host().get()
                + ":" + address.port() + ": " + exposed);
        top.err().flush();
    }

    private static boolean isLoopback(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    }

    private void checkSocketDirectory(NbdAddress address) throws IOException {
        if (address.socket().isEmpty()) {
            return;
        }
        Path directory = address.socket().get().toAbsolutePath().getParent();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new IOException("serve --listen " + listen + ": directory " + directory + " does not exist; the"
                    + " socket is created in an existing directory (create it first)");
        }
    }

    static NbdAddress listenAddress(String listen, String export) {
        if (listen.startsWith("unix:") && listen.length() > "unix:".length()) {
            return new NbdAddress(Optional.of(Path.of(listen.substring("unix:".length()))), Optional.empty(), 0, export);
        }
        if (listen.startsWith("tcp:")) {
            String rest = listen.substring("tcp:".length());
            int colon = rest.lastIndexOf(':');
            if (colon > 0) {
                String host = rest.substring(0, colon);
                try {
                    int port = Integer.parseInt(rest.substring(colon + 1));
                    if (port >= 1 && port <= 65535) {
                        return new NbdAddress(Optional.empty(), Optional.of(host), port, export);
                    }
                } catch (NumberFormatException e) {
                    // fall through to the rule
                }
            }
        }
        throw new IllegalArgumentException("--listen '" + listen + "': " + LISTEN_RULE);
    }
}
