package io.pilotlight.testing.ebs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/** The read side of the fake's EBS direct APIs: only on completed snapshots, with block tokens and pages. */
final class EbsReads {
    private final FakeEbs ebs;

    EbsReads(FakeEbs ebs) {
        this.ebs = ebs;
    }

    void list(Exchange exchange, String id) throws IOException {
        FakeSnapshot snapshot = ebs.completed(id, "snapshot");
        List<Map<String, Object>> blocks = new ArrayList<>();
        Long next = page(exchange, snapshot.writtenInChain(), index -> blocks.add(Map.of("BlockIndex", index,
                "BlockToken", token(snapshot, index))));
        exchange.json(200, answer(snapshot, "Blocks", blocks, next));
    }

    void changed(Exchange exchange, String id) throws IOException {
        FakeSnapshot second = ebs.completed(id, "second snapshot");
        String firstId = exchange.query.get("firstSnapshotId");
        FakeSnapshot first = firstId == null ? null : ebs.completed(firstId, "first snapshot");
        if (first != null && !first.relatedTo(second)) {
            throw AwsError.validation("UNRELATED_SNAPSHOTS", "snapshots " + first.id + " and " + second.id
                    + " are not of one lineage");
        }
        NavigableSet<Long> changed = new TreeSet<>(second.writtenInChain());
        if (first != null) {
            changed.addAll(first.writtenInChain());
            changed.removeIf(index -> Arrays.equals(first.written(index), second.written(index)));
        }
        List<Map<String, Object>> blocks = new ArrayList<>();
        Long next = page(exchange, changed, index -> {
            Map<String, Object> block = new LinkedHashMap<>();
            block.put("BlockIndex", index);
            if (first != null && first.written(index) != null) {
                block.put("FirstBlockToken", token(first, index));
            }
            if (second.written(index) != null) {
                block.put("SecondBlockToken", token(second, index));
            }
            blocks.add(block);
        });
        exchange.json(200, answer(second, "ChangedBlocks", blocks, next));
    }

    void get(Exchange exchange, String id, long index) throws IOException {
        FakeSnapshot snapshot = ebs.completed(id, "snapshot");
        String token = exchange.query.get("blockToken");
        byte[] data = snapshot.written(index);
        if (data == null || !token(snapshot, index).equals(token)) {
            throw AwsError.validation("INVALID_BLOCK_TOKEN", "block token " + token + " is not one of block " + index
                    + " of " + id);
        }
        byte[] digest = FakeSnapshot.sha256().digest(data);
        exchange.http.getResponseHeaders().set("x-amz-Data-Length", Integer.toString(data.length));
        exchange.http.getResponseHeaders().set("x-amz-Checksum", Base64.getEncoder().encodeToString(digest));
        exchange.http.getResponseHeaders().set("x-amz-Checksum-Algorithm", "SHA256");
        exchange.send(200, "application/octet-stream", data);
    }

    private interface IndexSink {
        void add(long index);
    }

    /** Feeds one page of {@code indexes} to {@code sink}; returns the index the next page starts at, or null. */
    private static Long page(Exchange exchange, NavigableSet<Long> indexes, IndexSink sink) {
        int max = Integer.parseInt(exchange.query.getOrDefault("maxResults", "10000"));
        if (max < 100 || max > 10000) {
            throw AwsError.validation("INVALID_PARAMETER_VALUE", "maxResults " + max + " is not 100 to 10000");
        }
        long start = Long.parseLong(exchange.query.getOrDefault("startingBlockIndex", "0"));
        String pageToken = exchange.query.get("pageToken");
        if (pageToken != null) {
            try {
                start = Long.parseLong(new String(Base64.getDecoder().decode(pageToken), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw AwsError.validation("INVALID_PAGE_TOKEN", "page token " + pageToken + " is not one of ours");
            }
        }
        int count = 0;
        for (long index : indexes.tailSet(start, true)) {
            if (count == max) {
                return index;
            }
            sink.add(index);
            count++;
        }
        return null;
    }

    private static Map<String, Object> answer(FakeSnapshot snapshot, String field, Object blocks, Long next) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(field, blocks);
        answer.put("ExpiryTime", System.currentTimeMillis() / 1000.0 + 3600);
        answer.put("VolumeSize", snapshot.volumeSizeGib);
        answer.put("BlockSize", FakeSnapshot.BLOCK_SIZE);
        if (next != null) {
            answer.put("NextToken", Base64.getEncoder().encodeToString(Long.toString(next)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return answer;
    }

    static String token(FakeSnapshot snapshot, long index) {
        return Base64.getEncoder().encodeToString((snapshot.id + ":" + index).getBytes(StandardCharsets.UTF_8));
    }
}
