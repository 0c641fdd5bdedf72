package io.pilotlight.testing.ebs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EBS direct APIs of the fake (restJson, as the SDK's {@code EbsClient} speaks it), enforcing the
 * rules of BRIEF.md §10: 524288-byte blocks with their SHA-256, writes only while pending, reads only
 * when completed, ChangedBlocksCount and the LINEAR digest at completion (else {@code error}),
 * ClientToken idempotency, no parent with Encrypted, blocks inherited from the parent.
 */
public final class FakeEbs {
    private static final Pattern BLOCK = Pattern.compile("/snapshots/([^/]+)/blocks/(\\d+)");
    private static final Pattern BLOCKS = Pattern.compile("/snapshots/([^/]+)/blocks");
    private static final Pattern CHANGED = Pattern.compile("/snapshots/([^/]+)/changedblocks");
    private static final Pattern COMPLETION = Pattern.compile("/snapshots/completion/([^/]+)");
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    final Map<String, FakeSnapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, FakeSnapshot> byToken = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    /** PutSnapshotBlock requests answered 201, over all snapshots. */
    final AtomicLong blocksPut = new AtomicLong();
    /** How many requests about the next snapshot started answer "does not exist" first. */
    volatile int notFoundAfterStart;
    /** CompleteSnapshot calls still to end their snapshot in error whatever was sent (AWS's own failure). */
    volatile int errorCompletions;
    /** Time each PutSnapshotBlock takes before it is answered. */
    volatile long putDelayMillis;

    /** The operation a request calls, by method and path; null for none. */
    static String operation(Exchange exchange) {
        String path = exchange.path;
        return switch (exchange.method) {
            case "POST" -> path.equals("/snapshots") ? "StartSnapshot"
                    : COMPLETION.matcher(path).matches() ? "CompleteSnapshot" : null;
            case "PUT" -> BLOCK.matcher(path).matches() ? "PutSnapshotBlock" : null;
            case "GET" -> BLOCK.matcher(path).matches() ? "GetSnapshotBlock"
                    : BLOCKS.matcher(path).matches() ? "ListSnapshotBlocks"
                    : CHANGED.matcher(path).matches() ? "ListChangedBlocks" : null;
            default -> null;
        };
    }

    void handle(String operation, Exchange exchange) throws IOException {
        switch (operation) {
            case "StartSnapshot" -> start(exchange);
            case "PutSnapshotBlock" -> put(exchange);
            case "CompleteSnapshot" -> complete(exchange);
            case "ListSnapshotBlocks" -> new EbsReads(this).list(exchange, group(BLOCKS, exchange.path, 1));
            case "ListChangedBlocks" -> new EbsReads(this).changed(exchange, group(CHANGED, exchange.path, 1));
            case "GetSnapshotBlock" -> new EbsReads(this).get(exchange, group(BLOCK, exchange.path, 1),
                    Long.parseLong(group(BLOCK, exchange.path, 2)));
            default -> throw new IllegalStateException(operation);
        }
    }

    static String group(Pattern pattern, String path, int group) {
        Matcher matcher = pattern.matcher(path);
        matcher.matches();
        return matcher.group(group);
    }

    private synchronized void start(Exchange exchange) throws IOException {
        ObjectNode request = (ObjectNode) Exchange.JSON.readTree(exchange.body);
        String token = request.path("ClientToken").asText(null);
        ObjectNode parameters = request.deepCopy();
        parameters.remove("ClientToken");
        if (token != null && byToken.containsKey(token)) {
            FakeSnapshot earlier = byToken.get(token);
            if (!earlier.parameters.equals(parameters.toString())) {
                throw new AwsError(409, "ConflictException", null, "The ClientToken " + token
                        + " was already used with other parameters for snapshot " + earlier.id);
            }
            exchange.json(201, describe(earlier));
            return;
        }
        FakeSnapshot snapshot = newSnapshot(request, token, parameters.toString());
        snapshots.put(snapshot.id, snapshot);
        if (token != null) {
            byToken.put(token, snapshot);
        }
        exchange.json(201, describe(snapshot));
    }

    private FakeSnapshot newSnapshot(JsonNode request, String token, String parameters) {
        long size = request.path("VolumeSize").asLong(0);
        if (size < 1 || size > 65536) {
            throw AwsError.validation("INVALID_VOLUME_SIZE", "VolumeSize " + size + " is not 1 to 65536 GiB");
        }
        int timeout = request.path("Timeout").asInt(60);
        if (timeout < 10 || timeout > 4320) {
            throw AwsError.validation("INVALID_PARAMETER_VALUE", "Timeout " + timeout + " is not 10 to 4320 minutes");
        }
        FakeSnapshot parent = null;
        boolean encrypted = request.path("Encrypted").asBoolean(false);
        if (request.hasNonNull("ParentSnapshotId")) {
            if (encrypted) {
                throw AwsError.validation("INVALID_PARAMETER_VALUE", "ParentSnapshotId cannot be combined with"
                        + " Encrypted: a child of an encrypted snapshot is encrypted with the parent's key");
            }
            parent = completed(request.get("ParentSnapshotId").asText(), "ParentSnapshotId");
            if (size < parent.volumeSizeGib) {
                throw AwsError.validation("INVALID_VOLUME_SIZE", "VolumeSize " + size + " is smaller than parent "
                        + parent.id + "'s " + parent.volumeSizeGib);
            }
            encrypted = parent.encrypted;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        request.path("Tags").forEach(tag -> tags.put(tag.path("Key").asText(), tag.path("Value").asText()));
        String id = String.format("snap-%017x", nextId.getAndIncrement());
        FakeSnapshot snapshot = new FakeSnapshot(id, size, parent, encrypted, token, parameters, tags,
                System.currentTimeMillis());
        snapshot.notFoundLeft = notFoundAfterStart;
        notFoundAfterStart = 0;
        return snapshot;
    }

    private Map<String, Object> describe(FakeSnapshot snapshot) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("SnapshotId", snapshot.id);
        answer.put("OwnerId", FakeAws.ACCOUNT);
        answer.put("Status", snapshot.status);
        answer.put("StartTime", snapshot.startedMillis / 1000.0);
        answer.put("VolumeSize", snapshot.volumeSizeGib);
        answer.put("BlockSize", FakeSnapshot.BLOCK_SIZE);
        answer.put("Tags", snapshot.tags.entrySet().stream().map(e -> Map.of("Key", e.getKey(), "Value",
                e.getValue())).toList());
        if (snapshot.parent != null) {
            answer.put("ParentSnapshotId", snapshot.parent.id);
        }
        return answer;
    }

    /** The snapshot {@code id}, answering "does not exist" while its early-404 count lasts. */
    synchronized FakeSnapshot find(String id) {
        FakeSnapshot snapshot = snapshots.get(id);
        if (snapshot == null || snapshot.deleted) {
            throw AwsError.snapshotNotFound(id);
        }
        if (snapshot.notFoundLeft > 0) {
            snapshot.notFoundLeft--;
            throw AwsError.snapshotNotFound(id);
        }
        return snapshot;
    }

    FakeSnapshot completed(String id, String what) {
        FakeSnapshot snapshot = find(id);
        if (!snapshot.status.equals("completed")) {
            throw AwsError.validation("INVALID_SNAPSHOT_ID", what + " " + id + " is " + snapshot.status
                    + ", not completed: its blocks can be read only once it is completed");
        }
        return snapshot;
    }

    private void put(Exchange exchange) throws IOException {
        if (putDelayMillis > 0) {
            try {
                Thread.sleep(putDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        FakeSnapshot snapshot = find(group(BLOCK, exchange.path, 1));
        long index = Long.parseLong(group(BLOCK, exchange.path, 2));
        if (!snapshot.status.equals("pending")) {
            throw AwsError.validation("INVALID_SNAPSHOT_ID", "snapshot " + snapshot.id + " is " + snapshot.status
                    + ": blocks can be written only while it is pending");
        }
        if (index < 0 || index >= snapshot.blockCount()) {
            throw AwsError.validation("INVALID_BLOCK", "block index " + index + " is outside the volume's "
                    + snapshot.blockCount() + " blocks");
        }
        String length = exchange.header("x-amz-Data-Length");
        if (length == null || Long.parseLong(length) != FakeSnapshot.BLOCK_SIZE
                || exchange.body.length != FakeSnapshot.BLOCK_SIZE) {
            throw AwsError.validation("INVALID_BLOCK", "block " + index + ": x-amz-Data-Length " + length + " and "
                    + exchange.body.length + " bytes of data; a block is exactly 524288 bytes");
        }
        if (!"SHA256".equals(exchange.header("x-amz-Checksum-Algorithm"))) {
            throw AwsError.validation("INVALID_PARAMETER_VALUE", "block " + index + ": x-amz-Checksum-Algorithm "
                    + exchange.header("x-amz-Checksum-Algorithm") + " is not SHA256");
        }
        byte[] digest = FakeSnapshot.sha256().digest(exchange.body);
        if (!BASE64.encodeToString(digest).equals(exchange.header("x-amz-Checksum"))) {
            throw AwsError.validation("INVALID_PARAMETER_VALUE", "block " + index + ": x-amz-Checksum "
                    + exchange.header("x-amz-Checksum") + " is not the SHA-256 of its data");
        }
        snapshot.put(index, exchange.body, digest);
        blocksPut.incrementAndGet();
        exchange.http.getResponseHeaders().set("x-amz-Checksum", BASE64.encodeToString(digest));
        exchange.http.getResponseHeaders().set("x-amz-Checksum-Algorithm", "SHA256");
        exchange.send(201, "application/json", new byte[0]);
    }

    private void complete(Exchange exchange) throws IOException {
        FakeSnapshot snapshot = find(group(COMPLETION, exchange.path, 1));
        if (!snapshot.status.equals("pending")) {
            throw AwsError.validation("INVALID_SNAPSHOT_ID", "snapshot " + snapshot.id + " is " + snapshot.status
                    + ": only a pending snapshot can be completed");
        }
        String count = exchange.header("x-amz-ChangedBlocksCount");
        boolean ok = count != null && Integer.parseInt(count) == snapshot.changedBlocks();
        String checksum = exchange.header("x-amz-Checksum");
        if (checksum != null) {
            ok &= "SHA256".equals(exchange.header("x-amz-Checksum-Algorithm"))
                    && "LINEAR".equals(exchange.header("x-amz-Checksum-Aggregation-Method"))
                    && MessageDigest.isEqual(Base64.getDecoder().decode(checksum), snapshot.linearDigest());
        }
        if (errorCompletions > 0) {
            errorCompletions--;
            ok = false;
        }
        snapshot.status = ok ? "completed" : "error";
        exchange.json(202, Map.of("Status", "pending"));
    }

    /** Every snapshot started, in id order. */
    List<FakeSnapshot> all() {
        return snapshots.values().stream().sorted(java.util.Comparator.comparing(s -> s.id)).toList();
    }
}
