package io.pilotlight.cli;

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

    @Override
    public Integer call() throws Exception {
        NbdAddress address = listenAddress(listen, disk);
        try (ObjectStore store = top.openExistingStore();
                PointServer server = PointServer.start(Repository.open(store), new PointServer.Request(disk, point,
                        address, cacheBytes, Optional.ofNullable(overlay), MAX_CLIENTS))) {
            String uri = server.address().uri();
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
