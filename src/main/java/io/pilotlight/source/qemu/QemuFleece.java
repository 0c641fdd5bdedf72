package io.pilotlight.source.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.qemu.QemuImg;
import io.pilotlight.qemu.QmpClient;
import io.pilotlight.source.CheckpointChanges;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A frozen, point-in-time view of a live disk node, made through QMP: an empty qcow2 overlay (in a private
 * temporary directory) opened as node {@code pilotlight-fleece-<random>} with the disk as its backing, a
 * {@code blockdev-backup sync=none} job from the disk into it (which copies every old cluster into the
 * overlay before the guest overwrites it), and an NBD export of the overlay. The backup action is run by
 * the caller, in the same {@code transaction} as its bitmap changes, so the view and the checkpoint begin
 * at the same instant. {@link #close} undoes everything in reverse order, waiting for QEMU's events.
 */
public final class QemuFleece implements Closeable {
    static final String PREFIX = "pilotlight-fleece-";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QmpClient qmp;
    private final String disk;
    private final String name;
    private final Path directory;
    private boolean nodeAdded;
    private boolean jobStarted;
    private boolean exported;
    private boolean serverStarted;

    private QemuFleece(QmpClient qmp, String disk, String name, Path directory) {
        this.qmp = qmp;
        this.disk = disk;
        this.name = name;
        this.directory = directory;
    }

    /** Creates the overlay and opens it as a node backed by {@code disk}; starts no job yet. */
    static QemuFleece prepare(QmpClient qmp, String disk, long size) throws IOException {
        String name = PREFIX + HexFormat.of().toHexDigits(RANDOM.nextInt());
        Path directory = Files.createTempDirectory("pilotlight-fleece");
        QemuFleece fleece = new QemuFleece(qmp, disk, name, directory);
        try {
            Path overlay = directory.resolve("fleece.qcow2");
            createOverlay(overlay, size);
            qmp.execute("blockdev-add", Map.of("driver", "qcow2", "node-name", name, "backing", disk,
                    "file", Map.of("driver", "file", "filename", overlay.toString())));
            fleece.nodeAdded = true;
            return fleece;
        } catch (IOException | RuntimeException e) {
            fleece.closeQuietly();
            throw e;
        }
    }

    /** The transaction action that starts the copy-before-write job from the disk into the overlay. */
    Map<String, Object> backupAction() {
        return Map.of("type", "blockdev-backup", "data", Map.of("device", disk, "target", name, "sync", "none",
                "job-id", job()));
    }

    /** Records that the transaction holding {@link #backupAction()} succeeded. */
    void started() {
        jobStarted = true;
    }

    /**
     * Exports the frozen view over NBD, with {@code bitmap}'s dirty extents if given. Starts the daemon's
     * NBD server on {@code socket} (or on a private socket) unless it already runs; a running server must
     * listen on {@code socket}, as QMP cannot tell where it listens.
     */
    NbdAddress export(Optional<Path> socket, Optional<String> bitmap) throws IOException {
        Path listening = socket.orElse(directory.resolve("nbd.sock"));
        try {
            qmp.execute("nbd-server-start", Map.of("addr", Map.of("type", "unix", "data",
                    Map.of("path", listening.toString()))));
            serverStarted = true;
        } catch (QmpClient.QmpException e) {
            if (!e.getMessage().contains("already running")) {
                throw e;
            }
            if (socket.isEmpty()) {
                throw new IOException("the daemon already runs an NBD server; name its unix socket with"
                        + " nbd-socket=PATH in the source URI (" + e.getMessage() + ")", e);
            }
        }
        qmp.execute("block-export-add", Map.of("type", "nbd", "id", name, "node-name", name, "name", name,
                "writable", false, "bitmaps", bitmap.stream().toList()));
        exported = true;
        return new NbdAddress(Optional.of(listening), Optional.empty(), 0, name);
    }

    private String job() {
        return name + "-job";
    }

    /** Export, job, node, server (if started here), overlay: each undone, the first failure thrown. */
    @Override
    public void close() throws IOException {
        List<IOException> failures = new ArrayList<>();
        if (exported) {
            step(failures, () -> {
                qmp.execute("block-export-del", Map.of("id", name, "mode", "hard"));
                qmp.awaitEvent("BLOCK_EXPORT_DELETED", data -> data.path("id").asText().equals(name),
                        QmpClient.DEFAULT_TIMEOUT);
            });
            exported = false;
        }
        if (jobStarted) {
            step(failures, () -> cancelJob(qmp, job()));
            jobStarted = false;
        }
        if (nodeAdded) {
            step(failures, () -> qmp.execute("blockdev-del", Map.of("node-name", name)));
            nodeAdded = false;
        }
        if (serverStarted) {
            step(failures, () -> qmp.execute("nbd-server-stop", Map.of()));
            serverStarted = false;
        }
        step(failures, () -> deleteDirectory(directory));
        if (!failures.isEmpty()) {
            IOException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw new IOException("fleecing view " + name + " of node " + disk + ": cleanup failed: "
                    + first.getMessage(), first);
        }
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            // reported by the caller's own failure; leftovers are removed by the next run
        }
    }

    /**
     * Removes what a run that died left in a daemon that lives on: exports, jobs and nodes named with
     * {@link #PREFIX}, their overlay files, and the NBD server such a run started on its private
     * socket (stopped only when no export other than the dead run's was left on it). One run at a
     * time may protect a disk.
     */
    static void removeLeftovers(QmpClient qmp) throws IOException {
        boolean removedExport = false;
        boolean otherExports = false;
        for (JsonNode export : qmp.execute("query-block-exports", Map.of())) {
            String id = export.path("id").asText();
            if (id.startsWith(PREFIX)) {
                qmp.execute("block-export-del", Map.of("id", id, "mode", "hard"));
                qmp.awaitEvent("BLOCK_EXPORT_DELETED", data -> data.path("id").asText().equals(id),
                        QmpClient.DEFAULT_TIMEOUT);
                removedExport = true;
            } else {
                otherExports = true;
            }
        }
        for (JsonNode job : qmp.execute("query-block-jobs", Map.of())) {
            if (job.path("device").asText().startsWith(PREFIX)) {
                cancelJob(qmp, job.path("device").asText());
            }
        }
        for (JsonNode node : qmp.execute("query-named-block-nodes", Map.of("flat", true))) {
            if (node.path("node-name").asText().startsWith(PREFIX)) {
                qmp.execute("blockdev-del", Map.of("node-name", node.path("node-name").asText()));
                deleteOverlay(overlayFile(node.path("file").asText()));
            }
        }
        if (removedExport && !otherExports) {
            try {
                qmp.execute("nbd-server-stop", Map.of());
            } catch (QmpClient.QmpException e) {
                // no server runs: the dead run had not started one, or used the daemon's own
            }
        }
    }

    /** The overlay's file name: QEMU reports {@code json:{…"file": {"filename": …}}} when the backing was given. */
    private static Path overlayFile(String reported) throws IOException {
        if (!reported.startsWith("json:")) {
            return Path.of(reported);
        }
        return Path.of(JSON.readTree(reported.substring("json:".length())).path("file").path("filename").asText());
    }

    /** Deletes a dead run's overlay and its private directory, and nothing that is not one. */
    private static void deleteOverlay(Path overlay) throws IOException {
        Path directory = overlay.getParent();
        if (directory != null && directory.getFileName().toString().startsWith("pilotlight-fleece")) {
            deleteDirectory(directory);
        }
    }

    private static void deleteDirectory(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(directory);
    }

    private static void cancelJob(QmpClient qmp, String job) throws IOException {
        qmp.execute("block-job-cancel", Map.of("device", job, "force", true));
        qmp.awaitEvent("BLOCK_JOB_CANCELLED", data -> data.path("device").asText().equals(job),
                QmpClient.DEFAULT_TIMEOUT);
    }

    private static void step(List<IOException> failures, CheckpointChanges.Step step) {
        try {
            step.run();
        } catch (IOException e) {
            failures.add(e);
        }
    }

    /** An empty qcow2 file with no backing file in its header; the backing is given when it is opened. */
    private static void createOverlay(Path file, long size) throws IOException {
        new QemuImg(file).create("qcow2", size);
    }
}
