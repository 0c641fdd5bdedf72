package io.pilotlight.testing;

import static io.pilotlight.testing.Libvirtd.virsh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A running TCG domain ({@code <domain type='qemu'>}, 64 MiB, no bootable disk: replication needs no
 * guest) on {@link Libvirtd}, with one virtio qcow2 disk per size given ({@code vda}, {@code vdb}, …)
 * in {@code dir}. Writes go through the running QEMU's block layer ({@code qemu-io} over the HMP
 * monitor), so libvirt's checkpoint bitmaps see them. {@link #close()} destroys and undefines it.
 */
public final class LibvirtDomain implements AutoCloseable {
    public final String name;
    public final Map<String, Path> images = new LinkedHashMap<>();
    private final Path dir;

    public LibvirtDomain(Path dir, long... sizes) throws Exception {
        Libvirtd.ensureRunning();
        this.dir = dir;
        this.name = "pilotlight-test-" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder disks = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            String target = "vd" + (char) ('a' + i);
            Path image = dir.resolve(target + ".qcow2");
            QemuFixture.run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), Long.toString(sizes[i]));
            images.put(target, image);
            disks.append("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='")
                    .append(image).append("'/><target dev='").append(target).append("' bus='virtio'/></disk>");
        }
        Path xml = dir.resolve(name + ".xml");
        Files.writeString(xml, "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory>"
                + "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                + "<emulator>/usr/bin/qemu-system-x86_64</emulator>" + disks + "</devices></domain>");
        virsh("define", xml.toString());
        virsh("start", name);
    }

    public String uri() {
        return "libvirt:///system/" + name + "?scratch=" + dir.resolve("scratch");
    }

    /** Runs a qemu-io command ({@code write -P 0x22 8M 2M}) on disk {@code target} of the running domain. */
    public void write(String target, String command) {
        int index = List.copyOf(images.keySet()).indexOf(target);
        String output = virsh("qemu-monitor-command", name, "--hmp", "qemu-io -d /machine/peripheral/virtio-disk"
                + index + "/virtio-backend \"" + command + "\"");
        if (output.toLowerCase().contains("error")) {
            throw new AssertionError("qemu-io " + command + " on " + name + "/" + target + ": " + output);
        }
    }

    /**
     * A raw copy of disk {@code target} as it is now: the domain is paused (pausing flushes QEMU's
     * qcow2 caches), the image converted with {@code qemu-img convert -U}, and the domain resumed.
     */
    public Path reference(String target, Path raw) throws Exception {
        virsh("suspend", name);
        try {
            QemuFixture.run("qemu-img", "convert", "-U", "-f", "qcow2", "-O", "raw", images.get(target).toString(),
                    raw.toString());
        } finally {
            virsh("resume", name);
        }
        return raw;
    }

    /** Kills the domain's QEMU with SIGKILL (a host crash, for its disks) and waits until libvirt sees it shut off. */
    public void killQemu() throws Exception {
        long pid = Long.parseLong(Files.readString(Path.of("/var/run/libvirt/qemu/" + name + ".pid")).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        for (int i = 0; i < 200 && !virsh("domstate", name).strip().equals("shut off"); i++) {
            Thread.sleep(50);
        }
    }

    /** The domain's checkpoint names, oldest first. */
    public List<String> checkpoints() {
        return virsh("checkpoint-list", name, "--name", "--topological").lines().map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
    }

    /** The domain's job, as {@code virsh domjobinfo} prints its type ({@code None} when there is none). */
    public String jobType() {
        Libvirtd.Result result;
        try {
            result = Libvirtd.run(List.of("virsh", "-q", "-c", Libvirtd.CONNECTION, "domjobinfo", name));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        if (result.output().contains("backup job data missing")) {
            return "Backup (starting or ending)"; // libvirt's answer while a backup job starts or ends
        }
        if (result.exitCode() != 0) {
            throw new AssertionError("virsh domjobinfo " + name + " failed: " + result.output());
        }
        // One call, read once: a second call could land in the moment a job starts or ends.
        return result.output().lines().filter(line -> line.startsWith("Job type:"))
                .map(line -> line.substring("Job type:".length()).strip()).findFirst().orElse("?");
    }

    @Override
    public void close() {
        try {
            virsh("destroy", name);
        } finally {
            virsh("undefine", name, "--checkpoints-metadata");
        }
    }
}
