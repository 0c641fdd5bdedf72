package io.pilotlight.source.qemu;

import static io.pilotlight.source.qemu.QemuImageSource.BITMAP_PREFIX;
import static io.pilotlight.source.qemu.QemuImageSource.TOKEN_PREFIX;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.pilotlight.qemu.QmpClient;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.CheckpointChanges;
import io.pilotlight.source.ExtentChanges;
import io.pilotlight.source.NbdSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A disk that a running QEMU keeps open (qemu-storage-daemon, or a VM defined with {@code -blockdev}),
 * reached through its QMP monitor: {@code qmp:/path/qmp.sock?node=NODE[&nbd-socket=/path/nbd.sock]}, where
 * NODE is the disk's qcow2 node name. {@code nbd-socket} names the unix socket of the NBD server the daemon
 * already runs; without it pilotlight starts one on a private socket for the run and stops it after.
 *
 * <p>Checkpoints are persistent dirty bitmaps named and tokened as for {@link QemuImageSource}
 * ({@code qemu-bitmap:pilotlight-…}), so a disk may be protected offline and live in turn. {@link #changes}
 * runs one QMP {@code transaction}: add the new bitmap, disable the token's bitmap, and start a fleecing
 * backup into a fresh overlay ({@link QemuFleece}); the guest keeps writing, and its writes after that
 * instant go to the next checkpoint, while the point is read from the frozen view over NBD. {@link
 * ChangeSet#commit()} ends the view and removes the old bitmap; {@link ChangeSet#abort()} ends it and merges
 * the new bitmap back into the old one, enables it and removes the new one, in one transaction. Lost
 * tracking (no token, a token not ours, the bitmap missing, or a bitmap QEMU loaded as inconsistent after
 * a killed process) removes our bitmaps, starts a fresh checkpoint and reads the whole frozen view, with a
 * warning naming the reason. QEMU stores a bitmap added at run time in the image only when it closes it:
 * if the daemon is killed, the checkpoint is lost and the next run is a full pass.
 */
public final class LiveQemuSource implements ChangedBlockSource {
    private static final List<String> PARAMETERS = List.of("node", "nbd-socket");

    private final String uri;
    private final QmpClient qmp;
    private final String node;
    private final Optional<Path> nbdSocket;
    private final long size;
    private QemuFleece fleece;
    private NbdSource reader;

    private final QemuImageClaim claim;

    private LiveQemuSource(String uri, QemuImageClaim claim, QmpClient qmp, String node, Optional<Path> nbdSocket,
            long size) {
        this.uri = uri;
        this.claim = claim;
        this.qmp = qmp;
        this.node = node;
        this.nbdSocket = nbdSocket;
        this.size = size;
    }

    /** Connects to the monitor {@code uri} names and finds the node; changes nothing yet. */
    public static LiveQemuSource open(String uri) throws IOException {
        requireNonNull(uri, "uri is null");
        if (!uri.startsWith("qmp:")) {
            throw new IllegalArgumentException("source '" + uri + "' is not a qmp: URI");
        }
        String rest = uri.substring("qmp:".length());
        int question = rest.indexOf('?');
        String path = question < 0 ? rest : rest.substring(0, question);
        Map<String, String> parameters = parameters(uri, question < 0 ? "" : rest.substring(question + 1));
        if (path.isEmpty() || !parameters.containsKey("node")) {
            throw new IllegalArgumentException("source '" + uri + "': write qmp:/path/qmp.sock?node=NODE"
                    + "[&nbd-socket=/path/nbd.sock]");
        }
        String node = parameters.get("node");
        // One run per daemon, refused at once (the monitor would make a second run wait for its greeting):
        // a run removes the views dead runs left, which must not be a live run's.
        QemuImageClaim claim = QemuImageClaim.acquire(Path.of(path), "QMP socket");
        QmpClient qmp;
        try {
            qmp = QmpClient.connect(Path.of(path), QmpClient.DEFAULT_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            claim.close();
            throw e;
        }
        try {
            JsonNode found = findNode(qmp, uri, node);
            if (!found.path("drv").asText().equals("qcow2")) {
                throw new IOException("source " + uri + ": node " + node + " is a " + found.path("drv").asText()
                        + " node; persistent dirty bitmaps need a qcow2 node");
            }
            return new LiveQemuSource(uri, claim, qmp, node, Optional.ofNullable(parameters.get("nbd-socket")).map(Path::of),
                    found.path("image").path("virtual-size").asLong());
        } catch (IOException | RuntimeException e) {
            try (claim) {
                qmp.close();
            }
            throw e;
        }
    }

    private static Map<String, String> parameters(String uri, String query) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (!PARAMETERS.contains(key) || equals < 0 || equals == pair.length() - 1) {
                throw new IllegalArgumentException("source '" + uri + "': parameter '" + pair + "' is not one of "
                        + PARAMETERS + " with a value");
            }
            parameters.put(key, pair.substring(equals + 1));
        }
        return parameters;
    }

    private static JsonNode findNode(QmpClient qmp, String uri, String node) throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode candidate : qmp.execute("query-named-block-nodes", Map.of("flat", true))) {
            if (candidate.path("node-name").asText().equals(node)) {
                return candidate;
            }
            names.add(candidate.path("node-name").asText());
        }
        throw new IOException("source " + uri + ": the daemon has no node '" + node + "'; it has " + names);
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Yes: a token names a checkpoint bitmap, which must be on this very node, or its tracking is lost. */
    @Override
    public boolean tokenNamesItsSource() {
        return true;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized ChangeSet changes(Optional<String> sinceToken) throws IOException {
        if (fleece != null) {
            throw new IllegalStateException("source " + uri + ": changes() was already asked in this run");
        }
        QemuFleece.removeLeftovers(qmp);
        List<JsonNode> bitmaps = bitmaps();
        String next = QemuImageSource.newBitmapName();
        Optional<String> lost = lostTracking(sinceToken, bitmaps);
        try {
            if (sinceToken.isEmpty() || lost.isPresent()) {
                return fullPass(lost, bitmaps, next);
            }
            return incremental(sinceToken.get().substring(TOKEN_PREFIX.length()), bitmaps, next);
        } catch (IOException | RuntimeException e) {
            endView();
            throw e;
        }
    }

    /** The node's dirty bitmaps as QEMU reports them (name, recording, busy, persistent, inconsistent). */
    private List<JsonNode> bitmaps() throws IOException {
        List<JsonNode> bitmaps = new ArrayList<>();
        findNode(qmp, uri, node).path("dirty-bitmaps").forEach(bitmaps::add);
        return bitmaps;
    }

    private Optional<String> lostTracking(Optional<String> sinceToken, List<JsonNode> bitmaps) throws IOException {
        if (sinceToken.isEmpty()) {
            return Optional.empty();
        }
        String token = sinceToken.get();
        String prefix = "source " + uri + ": ";
        String fallback = "; reading the whole disk and comparing it with the last point";
        if (!token.startsWith(TOKEN_PREFIX)) {
            return Optional.of(prefix + "change token '" + token + "' was not issued by a qemu: or qmp: source" + fallback);
        }
        String name = token.substring(TOKEN_PREFIX.length());
        if (bitmaps.stream().noneMatch(b -> b.path("name").asText().equals(name))) {
            return Optional.of(prefix + "checkpoint bitmap '" + name + "' is missing from node " + node + " (removed,"
                    + " the image replaced, or QEMU was killed before it stored the bitmap in the image)" + fallback);
        }
        for (JsonNode ours : ours(bitmaps)) {
            if (ours.path("inconsistent").asBoolean()) {
                return Optional.of(prefix + "checkpoint bitmap '" + ours.path("name").asText() + "' is in-use"
                        + " (inconsistent): a QEMU process that had the image open was killed, so it may have"
                        + " missed writes" + fallback);
            }
            if (ours.path("busy").asBoolean()) {
                throw new IOException(prefix + "checkpoint bitmap '" + ours.path("name").asText() + "' is busy"
                        + " (exported or used by a job): is another run protecting node " + node + "?");
            }
        }
        return Optional.empty();
    }

    private static List<JsonNode> ours(List<JsonNode> bitmaps) {
        return bitmaps.stream().filter(b -> b.path("name").asText().startsWith(BITMAP_PREFIX)).toList();
    }

    /**
     * A fresh checkpoint and the whole view. The old checkpoint bitmaps are removed only when the
     * point is committed: a run that fails (even before its view is exported) puts nothing in their
     * place and leaves them as they were.
     */
    private ChangeSet fullPass(Optional<String> lost, List<JsonNode> bitmaps, String next) throws IOException {
        List<String> old = ours(bitmaps).stream().map(b -> b.path("name").asText()).toList();
        freeze(List.of(action("block-dirty-bitmap-add", add(next))), Optional.empty(),
                () -> qmp.execute("block-dirty-bitmap-remove", bitmap(next)));
        ChangeSet changes = ExtentChanges.full(size, reader.zeroExtents(), Optional.of(TOKEN_PREFIX + next),
                lost.stream().toList());
        return new CheckpointChanges(uri, changes, () -> {
            endView();
            for (String name : old) {
                qmp.execute("block-dirty-bitmap-remove", bitmap(name));
            }
        }, () -> {
            endView();
            qmp.execute("block-dirty-bitmap-remove", bitmap(next));
        });
    }

    private ChangeSet incremental(String old, List<JsonNode> bitmaps, String next) throws IOException {
        List<Map<String, Object>> mergeLeftovers = new ArrayList<>();
        for (JsonNode ours : ours(bitmaps)) {
            String name = ours.path("name").asText();
            if (!name.equals(old)) { // left by a run that died after its transaction: report too much, not too little
                mergeLeftovers.add(action("block-dirty-bitmap-merge", merge(name, old)));
                mergeLeftovers.add(action("block-dirty-bitmap-remove", bitmap(name)));
            } else if (!ours.path("recording").asBoolean()) {
                mergeLeftovers.add(action("block-dirty-bitmap-enable", bitmap(name)));
            }
        }
        if (!mergeLeftovers.isEmpty()) {
            qmp.execute("transaction", Map.of("actions", mergeLeftovers));
        }
        Undo putBack = () -> qmp.execute("transaction", Map.of("actions", List.of(
                action("block-dirty-bitmap-merge", merge(next, old)), action("block-dirty-bitmap-enable", bitmap(old)),
                action("block-dirty-bitmap-remove", bitmap(next)))));
        freeze(List.of(action("block-dirty-bitmap-add", add(next)), action("block-dirty-bitmap-disable", bitmap(old))),
                Optional.of(old), putBack);
        ChangeSet changes = new ExtentChanges(reader.dirtyExtents(old), reader.zeroExtents(), false,
                Optional.of(TOKEN_PREFIX + next), List.of());
        return new CheckpointChanges(uri, changes, () -> {
            endView();
            qmp.execute("block-dirty-bitmap-remove", bitmap(old));
        }, () -> {
            endView();
            putBack.run();
        });
    }

    /**
     * One transaction: the bitmap actions and the fleecing backup; then export the view and connect.
     * If the export or the connection fails after the transaction, {@code undo} puts the bitmaps back
     * as they were before it (docs/sources.md's promise: a failed run puts the old bitmap back).
     */
    private void freeze(List<Map<String, Object>> bitmapActions, Optional<String> exportedBitmap, Undo undo)
            throws IOException {
        fleece = QemuFleece.prepare(qmp, node, size);
        List<Map<String, Object>> actions = new ArrayList<>(bitmapActions);
        actions.add(fleece.backupAction());
        qmp.execute("transaction", Map.of("actions", actions));
        fleece.started();
        try {
            reader = NbdSource.connect(uri, fleece.export(nbdSocket, exportedBitmap), exportedBitmap);
        } catch (IOException | RuntimeException e) {
            try {
                endView();
                undo.run();
            } catch (IOException | RuntimeException undoFailure) {
                e.addSuppressed(undoFailure);
            }
            throw e;
        }
    }

    /** Puts the bitmaps back after a failed run. */
    @FunctionalInterface
    private interface Undo {
        void run() throws IOException;
    }

    private Map<String, Object> bitmap(String name) {
        return Map.of("node", node, "name", name);
    }

    private Map<String, Object> add(String name) {
        return Map.of("node", node, "name", name, "persistent", true);
    }

    private Map<String, Object> merge(String from, String into) {
        return Map.of("node", node, "target", into, "bitmaps", List.of(from));
    }

    private static Map<String, Object> action(String type, Map<String, Object> data) {
        return Map.of("type", type, "data", data);
    }

    /** Disconnects and removes the frozen view; leaves the bitmaps as they are. */
    private synchronized void endView() throws IOException {
        try (QemuFleece ending = fleece; NbdSource closing = reader) {
            reader = null;
            fleece = null;
        }
    }

    @Override
    public void read(long offset, ByteBuffer target) throws IOException {
        NbdSource current = reader;
        if (current == null) {
            throw new IllegalStateException("source " + uri + ": read before changes(), or after the checkpoint"
                    + " was finished");
        }
        current.read(offset, target);
    }

    /** Drops the QMP connection and nothing else, as a run that is killed does; for tests. */
    void dropConnection() throws IOException {
        try (claim) {
            qmp.close();
        }
    }

    @Override
    public void close() throws IOException {
        try (claim; QmpClient closing = qmp) {
            endView();
        }
    }

    @Override
    public String toString() {
        return "LiveQemuSource[" + uri + "]";
    }
}
