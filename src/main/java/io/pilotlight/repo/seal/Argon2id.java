package io.pilotlight.repo.seal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id, version 0x13 (RFC 9106), without secret or associated data: the same output as
 * BouncyCastle's {@code Argon2BytesGenerator}, which the tests hold it to. Its memory is one
 * {@code long[]} (one allocation, nothing for the garbage collector to copy), where BouncyCastle's
 * is an object per 1 KiB block: with 64 MiB those 65,536 objects outlive several young
 * collections, and copying them cost as much CPU as the hashing (docs/security.md, "What it
 * costs"). BLAKE2b (H0 and the variable-length H') is BouncyCastle's. Lanes are filled one after
 * another, slice by slice, which gives what parallel lanes give. Not thread-safe; one per derivation.
 */
final class Argon2id {
    private static final int BLOCK = 128; // 64-bit words in a 1 KiB block
    private static final int SYNC_POINTS = 4;
    private static final int VERSION = 0x13;
    private static final int TYPE_ID = 2;
    /** The 16 words each round of P takes: the block's 8 rows of 16 words, then its 8 columns. */
    private static final int[][] ROUNDS = rounds();

    private final int lanes;
    private final int passes;
    private final int laneLength;
    private final int segmentLength;
    private final long[] memory;
    private final long[] r = new long[BLOCK];
    private final long[] t = new long[BLOCK];
    private final long[] zero = new long[BLOCK];
    private final long[] input = new long[BLOCK];
    private final long[] address = new long[BLOCK];

    private Argon2id(int memoryKib, int passes, int lanes) {
        this.lanes = lanes;
        this.passes = passes;
        int blocks = Math.max(memoryKib, 2 * SYNC_POINTS * lanes) / (SYNC_POINTS * lanes) * (SYNC_POINTS * lanes);
        this.segmentLength = blocks / (SYNC_POINTS * lanes);
        this.laneLength = segmentLength * SYNC_POINTS;
        this.memory = new long[blocks * BLOCK];
    }

    private static int[][] rounds() {
        int[][] rounds = new int[16][16];
        for (int i = 0; i < 8; i++) {
            for (int k = 0; k < 16; k++) {
                rounds[i][k] = 16 * i + k;
                rounds[8 + i][k] = 2 * i + 16 * (k / 2) + k % 2;
            }
        }
        return rounds;
    }

    /** The {@code length}-byte tag of {@code password} and {@code salt}. */
    static byte[] derive(byte[] password, byte[] salt, int memoryKib, int passes, int lanes, int length) {
        Argon2id argon = new Argon2id(memoryKib, passes, lanes);
        byte[] h0 = argon.h0(password, salt, memoryKib, length);
        argon.firstBlocks(h0);
        for (int pass = 0; pass < passes; pass++) {
            for (int slice = 0; slice < SYNC_POINTS; slice++) {
                for (int lane = 0; lane < lanes; lane++) {
                    argon.fillSegment(pass, slice, lane);
                }
            }
        }
        return argon.tag(length);
    }

    private byte[] h0(byte[] password, byte[] salt, int memoryKib, int length) {
        ByteBuffer params = ByteBuffer.allocate(40 + password.length + salt.length).order(ByteOrder.LITTLE_ENDIAN);
        params.putInt(lanes).putInt(length).putInt(memoryKib).putInt(passes).putInt(VERSION).putInt(TYPE_ID);
        params.putInt(password.length).put(password).putInt(salt.length).put(salt).putInt(0).putInt(0);
        Blake2bDigest digest = new Blake2bDigest(512);
        digest.update(params.array(), 0, params.position());
        byte[] h0 = new byte[64 + 8];
        digest.doFinal(h0, 0);
        return h0;
    }

    private void firstBlocks(byte[] h0) {
        ByteBuffer tail = ByteBuffer.wrap(h0, 64, 8).order(ByteOrder.LITTLE_ENDIAN);
        byte[] block = new byte[BLOCK * 8];
        for (int lane = 0; lane < lanes; lane++) {
            for (int column = 0; column < 2; column++) {
                tail.putInt(64, column).putInt(68, lane);
                hashLong(h0, block);
                ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
                        .get(memory, (lane * laneLength + column) * BLOCK, BLOCK);
            }
        }
    }

    /** H' of RFC 9106 §3.3: {@code out.length} bytes of {@code in}. */
    private static void hashLong(byte[] in, byte[] out) {
        byte[] length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(out.length).array();
        Blake2bDigest first = new Blake2bDigest(Math.min(out.length, 64) * 8);
        first.update(length, 0, 4);
        first.update(in, 0, in.length);
        if (out.length <= 64) {
            first.doFinal(out, 0);
            return;
        }
        byte[] v = new byte[64];
        first.doFinal(v, 0);
        for (int at = 32; ; at += 32) {
            System.arraycopy(v, 0, out, at - 32, 32);
            int rest = out.length - at;
            Blake2bDigest next = new Blake2bDigest(Math.min(rest, 64) * 8);
            next.update(v, 0, 64);
            if (rest <= 64) {
                next.doFinal(out, at);
                return;
            }
            next.doFinal(v, 0);
        }
    }

    private byte[] tag(int length) {
        long[] last = new long[BLOCK];
        for (int lane = 0; lane < lanes; lane++) {
            int at = (lane * laneLength + laneLength - 1) * BLOCK;
            for (int i = 0; i < BLOCK; i++) {
                last[i] ^= memory[at + i];
            }
        }
        ByteBuffer bytes = ByteBuffer.allocate(BLOCK * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(last);
        byte[] out = new byte[length];
        hashLong(bytes.array(), out);
        return out;
    }

    private void fillSegment(int pass, int slice, int lane) {
        boolean independent = pass == 0 && slice < SYNC_POINTS / 2;
        int start = pass == 0 && slice == 0 ? 2 : 0;
        if (independent) {
            java.util.Arrays.fill(input, 0);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = (long) laneLength * lanes;
            input[4] = passes;
            input[5] = TYPE_ID;
            if (start == 2) {
                nextAddresses();
            }
        }
        int current = lane * laneLength + slice * segmentLength + start;
        int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
        for (int index = start; index < segmentLength; index++, current++, previous = current - 1) {
            long random;
            if (independent) {
                if (index % BLOCK == 0) {
                    nextAddresses();
                }
                random = address[index % BLOCK];
            } else {
                random = memory[previous * BLOCK];
            }
            int refLane = pass == 0 && slice == 0 ? lane : (int) ((random >>> 32) % lanes);
            int refIndex = referenceIndex(pass, slice, index, random & 0xFFFFFFFFL, refLane == lane);
            fill(previous, refLane * laneLength + refIndex, current, pass != 0);
        }
    }

    private int referenceIndex(int pass, int slice, int index, long j1, boolean sameLane) {
        long area;
        if (pass == 0) {
            area = slice == 0 ? index - 1
                    : sameLane ? (long) slice * segmentLength + index - 1
                    : (long) slice * segmentLength + (index == 0 ? -1 : 0);
        } else {
            area = sameLane ? laneLength - segmentLength + index - 1
                    : laneLength - segmentLength + (index == 0 ? -1 : 0);
        }
        long relative = (j1 * j1) >>> 32;
        relative = area - 1 - ((area * relative) >>> 32);
        long start = pass != 0 && slice != SYNC_POINTS - 1 ? (long) (slice + 1) * segmentLength : 0;
        return (int) ((start + relative) % laneLength);
    }

    private void nextAddresses() {
        input[6]++;
        compress(zero, 0, input, 0, address, 0, false);
        compress(zero, 0, address, 0, address, 0, false);
    }

    private void fill(int previous, int reference, int next, boolean xor) {
        compress(memory, previous * BLOCK, memory, reference * BLOCK, memory, next * BLOCK, xor);
    }

    /** G of RFC 9106 §3.5: {@code out = P(x ^ y) ^ x ^ y}, and {@code ^ out} as it was when {@code xor}. */
    private void compress(long[] x, int xAt, long[] y, int yAt, long[] out, int outAt, boolean xor) {
        long[] r = this.r;
        long[] t = this.t;
        for (int i = 0; i < BLOCK; i++) {
            long v = x[xAt + i] ^ y[yAt + i];
            r[i] = v;
            t[i] = xor ? v ^ out[outAt + i] : v;
        }
        for (int[] at : ROUNDS) {
            mix(r, at[0], at[4], at[8], at[12]);
            mix(r, at[1], at[5], at[9], at[13]);
            mix(r, at[2], at[6], at[10], at[14]);
            mix(r, at[3], at[7], at[11], at[15]);
            mix(r, at[0], at[5], at[10], at[15]);
            mix(r, at[1], at[6], at[11], at[12]);
            mix(r, at[2], at[7], at[8], at[13]);
            mix(r, at[3], at[4], at[9], at[14]);
        }
        for (int i = 0; i < BLOCK; i++) {
            out[outAt + i] = t[i] ^ r[i];
        }
    }

    private static void mix(long[] v, int a, int b, int c, int d) {
        long va = v[a];
        long vb = v[b];
        long vc = v[c];
        long vd = v[d];
        va = blaMka(va, vb);
        vd = Long.rotateRight(vd ^ va, 32);
        vc = blaMka(vc, vd);
        vb = Long.rotateRight(vb ^ vc, 24);
        va = blaMka(va, vb);
        vd = Long.rotateRight(vd ^ va, 16);
        vc = blaMka(vc, vd);
        vb = Long.rotateRight(vb ^ vc, 63);
        v[a] = va;
        v[b] = vb;
        v[c] = vc;
        v[d] = vd;
    }

    private static long blaMka(long x, long y) {
        return x + y + 2 * (x & 0xFFFFFFFFL) * (y & 0xFFFFFFFFL);
    }
}
