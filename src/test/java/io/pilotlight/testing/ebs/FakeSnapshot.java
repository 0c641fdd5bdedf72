package io.pilotlight.testing.ebs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One snapshot of the fake: its parameters, status and the blocks written into it (the others read
 * from the parent chain; on an encrypted snapshot a block never written reads as random bytes).
 */
public final class FakeSnapshot {
    public static final int BLOCK_SIZE = 524288;
    private static final long GIB = 1L << 30;

    public final String id;
    public final long volumeSizeGib;
    public final FakeSnapshot parent;
    public final boolean encrypted;
    public final String clientToken;
    /** The StartSnapshot parameters but ClientToken, as sent: a repeated token must send the same. */
    final String parameters;
    public final Map<String, String> tags;
    final long startedMillis;
    private final ConcurrentSkipListMap<Long, byte[]> blocks = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, byte[]> digests = new ConcurrentSkipListMap<>();
    volatile String status = "pending";
    volatile boolean deleted;
    /** Requests about this snapshot still to answer "does not exist" (the early 404 of a new snapshot). */
    int notFoundLeft;

    FakeSnapshot(String id, long volumeSizeGib, FakeSnapshot parent, boolean encrypted, String clientToken,
            String parameters, Map<String, String> tags, long startedMillis) {
        this.id = id;
        this.volumeSizeGib = volumeSizeGib;
        this.parent = parent;
        this.encrypted = encrypted;
        this.clientToken = clientToken;
        this.parameters = parameters;
        this.tags = Map.copyOf(tags);
        this.startedMillis = startedMillis;
    }

    public String status() {
        return status;
    }

    /** Whether DeleteSnapshot removed it (its blocks stay readable to its children). */
    public boolean deleted() {
        return deleted;
    }

    public long blockCount() {
        return volumeSizeGib * GIB / BLOCK_SIZE;
    }

    /** Indexes of the blocks written into this snapshot itself (not its parents), ascending. */
    public NavigableSet<Long> writtenHere() {
        return new TreeSet<>(blocks.keySet());
    }

    /** Indexes written anywhere in the chain. */
    NavigableSet<Long> writtenInChain() {
        NavigableSet<Long> all = parent == null ? new TreeSet<>() : parent.writtenInChain();
        all.addAll(blocks.keySet());
        all.removeIf(index -> index >= blockCount());
        return all;
    }

    void put(long index, byte[] data, byte[] digest) {
        blocks.put(index, data);
        digests.put(index, digest);
    }

    /** The block's bytes from this snapshot or the nearest parent that holds it; null when none wrote it. */
    byte[] written(long index) {
        for (FakeSnapshot snapshot = this; snapshot != null; snapshot = snapshot.parent) {
            byte[] data = snapshot.blocks.get(index);
            if (data != null) {
                return data;
            }
        }
        return null;
    }

    /** What a volume made from this snapshot reads at block {@code index}. */
    public byte[] read(long index) {
        byte[] data = written(index);
        if (data != null) {
            return data;
        }
        byte[] unwritten = new byte[BLOCK_SIZE];
        if (encrypted) {
            ThreadLocalRandom.current().nextBytes(unwritten);
        }
        return unwritten;
    }

    /** SHA-256 over the raw digests of the blocks written here, in ascending index order (LINEAR). */
    byte[] linearDigest() {
        MessageDigest sha = sha256();
        digests.values().forEach(sha::update);
        return sha.digest();
    }

    int changedBlocks() {
        return blocks.size();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code other} is this snapshot or one of its ancestors, or the other way round. */
    boolean relatedTo(FakeSnapshot other) {
        for (FakeSnapshot s = this; s != null; s = s.parent) {
            if (s == other) {
                return true;
            }
        }
        for (FakeSnapshot s = other; s != null; s = s.parent) {
            if (s == this) {
                return true;
            }
        }
        return false;
    }
}
