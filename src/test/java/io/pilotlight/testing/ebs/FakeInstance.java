package io.pilotlight.testing.ebs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An instance of the fake: its root volume is the image's root snapshot written to a raw file
 * (every block as a volume made from the snapshot reads it: parents' blocks, zeros, or random bytes
 * where an encrypted snapshot was never written), booted under QEMU (TCG, no default devices, the
 * disk on virtio, restricted user networking) with the serial console in a file. Its address is a
 * random loopback address ({@code 127.x.y.z}, reported as its private and public IP) whose port
 * {@link #GUEST_PORT} QEMU forwards to the guest's ({@code hostfwd}).
 */
public final class FakeInstance {
    /** The guest port forwarded from the instance's address (the drill disk's, testing/DrillDisk.PORT). */
    public static final int GUEST_PORT = 7777;
    private static final java.util.Random ADDRESSES = new java.security.SecureRandom();

    public final String id;
    public final String imageId;
    public final String instanceType;
    public final String subnetId;
    public final List<String> securityGroups;
    public final String keyName;
    public final Map<String, String> tags;
    public final String address = "127." + (1 + ADDRESSES.nextInt(254)) + "." + ADDRESSES.nextInt(256) + "."
            + (1 + ADDRESSES.nextInt(254));
    final long launchedMillis = System.currentTimeMillis();
    private final Path serialLog;
    private volatile Process qemu;
    private volatile String state = "pending";
    private volatile String bootFailure;

    FakeInstance(String id, String imageId, String instanceType, String subnetId, List<String> securityGroups,
            String keyName, Map<String, String> tags, Path directory) {
        this.id = id;
        this.imageId = imageId;
        this.instanceType = instanceType;
        this.subnetId = subnetId;
        this.securityGroups = List.copyOf(securityGroups);
        this.keyName = keyName;
        this.tags = Map.copyOf(tags);
        this.serialLog = directory.resolve(id + ".serial.log");
    }

    /** Writes the volumes (root first, on virtio: vda, vdb...) and starts QEMU; running once QEMU runs. */
    void boot(java.util.List<FakeSnapshot> volumes, String bootMode, Path directory) {
        try {
            List<String> drives = new java.util.ArrayList<>();
            for (int i = 0; i < volumes.size(); i++) {
                Path disk = directory.resolve(id + "-" + i + ".raw");
                writeVolume(volumes.get(i), disk);
                drives.addAll(List.of("-drive", "file=" + disk + ",format=raw,if=virtio,cache=unsafe"));
            }
            Files.deleteIfExists(serialLog);
            Files.createFile(serialLog);
            ProcessBuilder builder = new ProcessBuilder("qemu-system-x86_64", "-machine", "pc,accel=tcg", "-m", "256M",
                    "-nodefaults", "-no-user-config", "-display", "none", "-serial", "file:" + serialLog, "-monitor",
                    "none", "-no-reboot", "-netdev", "user,id=n0,restrict=on,hostfwd=tcp:" + address + ":" + GUEST_PORT + "-:" + GUEST_PORT, "-device", "virtio-net-pci,netdev=n0");
            builder.command().addAll(drives);
            if (bootMode.equals("uefi")) {
                builder.command().addAll(List.of("-drive", "if=pflash,format=raw,readonly=on,file="
                        + "/usr/share/OVMF/OVMF_CODE.fd"));
            }
            qemu = builder.redirectErrorStream(true).redirectOutput(directory.resolve(id + ".qemu.log").toFile())
                    .start();
            if (!qemu.waitFor(300, TimeUnit.MILLISECONDS) || qemu.exitValue() == 0) {
                state = "running";
            } else {
                bootFailure = "qemu exited " + qemu.exitValue();
                state = "stopped";
            }
        } catch (IOException | RuntimeException e) {
            bootFailure = e.toString();
            state = "stopped";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writeVolume(FakeSnapshot root, Path disk) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength(0);
            file.setLength(root.volumeSizeGib << 30);
            Iterable<Long> blocks = root.encrypted ? java.util.stream.LongStream.range(0, root.blockCount()).boxed()
                    .toList() : root.writtenInChain();
            for (long index : blocks) {
                file.seek(index * FakeSnapshot.BLOCK_SIZE);
                file.write(root.read(index));
            }
        }
    }

    /** Stops the instance before it boots, as EC2 does when it cannot start it. */
    void failBoot(String reason) {
        bootFailure = reason;
        state = "stopped";
    }

    /** pending, running, stopped (QEMU exited), shutting-down or terminated. */
    public String state() {
        if (state.equals("running") && qemu != null && !qemu.isAlive()) {
            state = "stopped";
        }
        return state;
    }

    int stateCode() {
        return switch (state()) {
            case "pending" -> 0;
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "terminated" -> 48;
            case "stopping" -> 64;
            default -> 80;
        };
    }

    /** The serial console so far (what GetConsoleOutput gives, its last 64 KB). */
    public byte[] console() throws IOException {
        byte[] all = Files.exists(serialLog) ? Files.readAllBytes(serialLog) : new byte[0];
        int from = Math.max(0, all.length - 65536);
        return java.util.Arrays.copyOfRange(all, from, all.length);
    }

    public String bootFailure() {
        return bootFailure;
    }

    void terminate() {
        state = "terminated";
        Process process = qemu;
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
