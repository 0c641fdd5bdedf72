package io.pilotlight.cloud.aws;

import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Tells, where it can from a point's first sectors, that a disk cannot boot from an image registered
 * from its EBS snapshot: a Windows guest (a partition whose boot sector says NTFS, in an MBR or GPT
 * table) needs VM Import, which installs drivers. Reads a few 512 KiB blocks through the repository.
 */
final class GuestProbe {
    private static final int SECTOR = 512;
    private static final byte[] NTFS = "NTFS    ".getBytes(StandardCharsets.US_ASCII);

    private final Repository repository;
    private final Manifest point;

    GuestProbe(Repository repository, Manifest point) {
        this.repository = repository;
        this.point = point;
    }

    /** Why this disk needs VM Import, or empty when nothing says so. */
    Optional<String> needsVmImport() throws IOException {
        ByteBuffer mbr = sectors(0, 1);
        if (mbr.getShort(510) != (short) 0xAA55) {
            return Optional.empty();
        }
        for (int entry = 0; entry < 4; entry++) {
            int at = 446 + 16 * entry;
            int type = mbr.get(at + 4) & 0xff;
            long start = mbr.getInt(at + 8) & 0xffffffffL;
            if (type == 0xEE) {
                return gpt();
            }
            if (type != 0 && isNtfs(start)) {
                return Optional.of(reason(entry + 1, start));
            }
        }
        return Optional.empty();
    }

    private Optional<String> gpt() throws IOException {
        ByteBuffer header = sectors(1, 1);
        if (!new String(bytes(header, 0, 8), StandardCharsets.US_ASCII).equals("EFI PART")) {
            return Optional.empty();
        }
        long entries = header.getLong(72);
        int count = Math.min(128, header.getInt(80));
        int size = header.getInt(84);
        if (size < 128 || size > 4096) {
            return Optional.empty();
        }
        ByteBuffer table = sectors(entries, (count * size + SECTOR - 1) / SECTOR);
        for (int i = 0; i < count; i++) {
            long first = table.getLong(i * size + 32);
            if (first != 0 && isNtfs(first)) {
                return Optional.of(reason(i + 1, first));
            }
        }
        return Optional.empty();
    }

    private String reason(int partition, long sector) {
        return "disk " + point.disk() + " point " + point.id() + ": partition " + partition + " (sector " + sector
                + ") is NTFS, a Windows guest; an image registered from an EBS snapshot does not boot Windows. Use VM"
                + " Import: pilotlight export to VMDK or raw, upload it to S3, aws ec2 import-image (docs/failover.md);"
                + " --no-guest-check skips this check";
    }

    private boolean isNtfs(long sector) throws IOException {
        if (sector <= 0 || (sector + 1) * SECTOR > point.diskSize()) {
            return false;
        }
        return java.util.Arrays.equals(bytes(sectors(sector, 1), 3, NTFS.length), NTFS);
    }

    /** {@code count} sectors from {@code first}, little-endian, read from the blocks that hold them. */
    private ByteBuffer sectors(long first, int count) throws IOException {
        long from = first * SECTOR;
        int length = count * SECTOR;
        if (from < 0 || from + length > point.diskSize() || count > 64) {
            return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        }
        long firstBlock = from / BlockPlan.BLOCK_SIZE;
        long lastBlock = (from + length - 1) / BlockPlan.BLOCK_SIZE;
        long[] blocks = java.util.stream.LongStream.rangeClosed(firstBlock, lastBlock).toArray();
        var contents = new PointBlocks(repository, point).read(blocks);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            long offset = from + i;
            out[i] = contents.get(offset / BlockPlan.BLOCK_SIZE)[(int) (offset % BlockPlan.BLOCK_SIZE)];
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] bytes(ByteBuffer buffer, int at, int length) {
        byte[] out = new byte[length];
        buffer.get(at, out);
        return out;
    }
}
