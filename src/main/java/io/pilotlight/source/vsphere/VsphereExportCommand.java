package io.pilotlight.source.vsphere;

import static java.util.Objects.requireNonNull;

import io.pilotlight.exec.ChildProcess;
import io.pilotlight.exec.Command;
import io.pilotlight.exec.ProcessRunner;
import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.nbd.NbdClient;
import io.pilotlight.vsphere.VirtualDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An NBD server started per disk once the session's snapshot exists, from a command template (an argument
 * list, run without a shell), typically nbdkit's VDDK plugin:
 * {@code nbdkit -U {socket} --exit-with-parent vddk libdir=… server=vc1 user=… password=+/etc/vc.pw
 * thumbprint=… vm=moref={vm} snapshot={snapshot} file={file}}. Placeholders, replaced in every argument:
 * {@code {socket}} (a unix socket path in a fresh temporary directory; the server must create it),
 * {@code {vm}} (the VM's reference, {@code vm-123}), {@code {snapshot}} (the session snapshot's reference),
 * {@code {file}} (the disk's file in the snapshot, {@code [ds] web1/web1.vmdk}), {@code {label}}
 * ({@code scsi0:0}). Credentials are the template's business (a password file): pilotlight passes none.
 * Closing the reader stops the server (SIGTERM, then SIGKILL) and removes the directory.
 */
final class VsphereExportCommand {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int TAIL_LINES = 5;
    private static final Logger LOG = LoggerFactory.getLogger(VsphereExportCommand.class);

    private VsphereExportCommand() {}

    /** The template with its placeholders replaced. */
    static List<String> expand(List<String> template, Map<String, String> values) {
        List<String> command = new ArrayList<>();
        for (String argument : template) {
            String expanded = argument;
            for (Map.Entry<String, String> value : values.entrySet()) {
                expanded = expanded.replace("{" + value.getKey() + "}", value.getValue());
            }
            command.add(expanded);
        }
        return List.copyOf(command);
    }

    /** Starts the server for {@code disk} of {@code snapshot}, waits for its socket, connects, checks the size. */
    static VsphereDiskSource.BlockReader start(List<String> template, String vm, String snapshot, VirtualDisk disk,
            String what) throws IOException {
        requireNonNull(template, "template is null");
        Path directory = Files.createTempDirectory("pilotlight-vsphere-nbd-");
        Path socket = directory.resolve("nbd.sock");
        Path log = directory.resolve("server.log");
        List<String> command = expand(template, Map.of("socket", socket.toString(), "vm", vm, "snapshot", snapshot,
                "file", disk.fileName(), "label", disk.label()));
        ChildProcess process;
        try {
            process = ProcessRunner.start(Command.of(command.get(0), command.subList(1, command.size()))
                    .withStdout(log).withStderr(log).withTailLines(TAIL_LINES)
                    .withLabel(what + ": NBD export command '" + command.get(0) + "'")
                    .withInstall(what + " needs its NBD export command (--disk-nbd-command, typically nbdkit with"
                            + " the VDDK plugin): install it or name it by its path"), STOP_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            delete(directory);
            throw e;
        }
        try {
            process.awaitPath(socket, "its socket", START_TIMEOUT);
            NbdClient client = NbdClient.connect(new NbdAddress(Optional.of(socket), Optional.empty(), 0, ""), List.of());
            if (client.size() != disk.capacityInBytes()) {
                long size = client.size();
                client.close();
                throw new IOException(what + ": the NBD export '" + command.get(0) + "' started serves " + size
                        + " bytes, not the disk's " + disk.capacityInBytes());
            }
            return new Reader(client, process, directory);
        } catch (IOException | RuntimeException e) {
            stop(process);
            delete(directory);
            throw e;
        }
    }

    /** Stops the server; a failure to stop is only logged, as the caller's own failure or result matters more. */
    private static void stop(ChildProcess process) {
        try {
            process.close();
        } catch (IOException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    private static void delete(Path directory) {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private static final class Reader implements VsphereDiskSource.BlockReader {
        private final NbdClient client;
        private final ChildProcess process;
        private final Path directory;

        Reader(NbdClient client, ChildProcess process, Path directory) {
            this.client = client;
            this.process = process;
            this.directory = directory;
        }

        @Override
        public void read(long offset, ByteBuffer target) throws IOException {
            client.read(offset, target);
        }

        @Override
        public void close() throws IOException {
            try {
                client.close();
            } finally {
                stop(process);
                delete(directory);
            }
        }
    }
}
