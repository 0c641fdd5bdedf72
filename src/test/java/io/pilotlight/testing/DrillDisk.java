package io.pilotlight.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The bootable drill test disk of {@code testing/drill-disk/build.sh}, built once per script version
 * into {@code java.io.tmpdir/pilotlight-drill-disk/<script hash>/} and reused. Tests that need it are
 * skipped (an assumption) only when the tools or the Debian packages cannot be had; any other build
 * failure fails them.
 */
public final class DrillDisk {
    /** The TCP port the guest answers on with {@code PILOTLIGHT-MARKER <marker>}. */
    public static final int PORT = 7777;
    private static final Path SCRIPT = Path.of("testing/drill-disk/build.sh");
    private static final String[] TOOLS = {"qemu-system-x86_64", "apt-get", "dpkg-deb", "cpio", "mkfs.vfat", "mcopy",
        "syslinux", "sfdisk"};
    private static DrillDisk built;

    public final Path image;
    public final Path kernel;
    public final String marker;

    private DrillDisk(Path directory) throws IOException {
        this.image = directory.resolve("drill-disk.raw");
        this.kernel = directory.resolve("vmlinuz");
        this.marker = Files.readString(directory.resolve("marker"));
    }

    /** The disk, built on first use. */
    public static synchronized DrillDisk get() throws IOException, InterruptedException {
        if (built == null) {
            for (String tool : TOOLS) {
                assumeTrue(onPath(tool), tool + " is not installed (test.sh installs it)");
            }
            Path directory = Path.of(System.getProperty("java.io.tmpdir"), "pilotlight-drill-disk", scriptHash());
            if (!Files.exists(directory.resolve("drill-disk.raw")) || !Files.exists(directory.resolve("marker"))) {
                build(directory);
            }
            built = new DrillDisk(directory);
        }
        return built;
    }

    private static void build(Path directory) throws IOException, InterruptedException {
        Path log = Files.createTempFile("drill-disk-build", ".log");
        Process process = new ProcessBuilder("bash", SCRIPT.toString(), directory.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("testing/drill-disk/build.sh took longer than 300 s; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assumeTrue(process.exitValue() != 3, "the Debian packages cannot be had: " + output);
        if (process.exitValue() != 0) {
            throw new IOException("testing/drill-disk/build.sh failed (" + process.exitValue() + "): " + output);
        }
    }

    private static boolean onPath(String tool) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(entry, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    private static String scriptHash() throws IOException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SCRIPT));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Offset in {@code image} of the kernel's first 4 KiB (FAT clusters are sector-aligned), so a test can
     * damage the kernel in the image.
     */
    public long kernelOffset() throws IOException {
        byte[] head = new byte[4096];
        try (var in = Files.newInputStream(kernel)) {
            in.readNBytes(head, 0, head.length);
        }
        byte[] disk = Files.readAllBytes(image);
        outer:
        for (int offset = 0; offset + head.length <= disk.length; offset += 512) {
            for (int i = 0; i < head.length; i++) {
                if (disk[offset + i] != head[i]) {
                    continue outer;
                }
            }
            return offset;
        }
        throw new IOException("the kernel is not in " + image);
    }
}
