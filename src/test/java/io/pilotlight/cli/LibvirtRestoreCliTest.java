package io.pilotlight.cli;

import static io.pilotlight.testing.Libvirtd.virsh;
import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.DrillDisk;
import io.pilotlight.testing.Libvirtd;
import io.pilotlight.testing.QemuFixture;
import io.pilotlight.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A domain of a real libvirtd with the bootable drill disk ({@link DrillDisk}) as its qcow2 {@code vda}, a
 * SATA data disk, an empty CD-ROM, a NIC and a file serial console, backed up with {@code replicate --group};
 * then {@code restore --group … --libvirt-xml} writes a domain for the restored images, {@code virsh define}
 * takes it, and it boots under TCG (the original stopped) until the drill disk's heartbeat shows on the
 * restored domain's own serial log. Before that, {@code drill --group} boots the group point as the saved domain
 * had it (its memory, vCPUs, and the data disk on SATA), and so does {@code failover --group} from a follower's
 * standby.
 */
@Timeout(600)
@Slow
class LibvirtRestoreCliTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final List<String> domains = new ArrayList<>();

    @AfterEach
    void removeDomains() {
        for (String domain : domains) {
            Libvirtd.Result ignored = quietly("destroy", domain);
            quietly("undefine", domain, "--checkpoints-metadata", "--nvram");
        }
    }

    @Test
    void theRestoredDomainDefinesAndBootsToTheHeartbeat() throws Exception {
        Libvirtd.ensureRunning();
        DrillDisk disk = DrillDisk.get();
        String source = "pilotlight-test-" + UUID.randomUUID().toString().substring(0, 8);
        define(source, disk);
        String repo = dir.resolve("repo").toString();
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        CliRun replicate = CliRun.run("replicate", "--repo", repo, "--group", "web1", "--source",
                "libvirt:///system/" + source + "?scratch=" + dir.resolve("scratch"));
        assertThat(replicate.exitCode()).as(replicate.err()).isZero();
        String original = virsh("dumpxml", source);
        virsh("destroy", source);

        CliRun drill = CliRun.run("drill", "--repo", repo, "--group", "web1", "--accel", "tcg", "--timeout", "240s");
        assertThat(drill.exitCode()).as(drill.err()).isZero();
        assertThat(drill.err()).contains("drill: the machine as its saved domain had it: 256 MiB, 1 vCPU(s), disks vda"
                + " on virtio, sda on sata", "drill: heartbeat ok");

        failOverFromTheStandby(repo);

        String restoredName = source + "-restored";
        Path restored = dir.resolve("restored");
        Path xml = restored.resolve("web1.xml");
        CliRun restore = CliRun.run("restore", "--repo", repo, "--group", "web1", "--to", restored.toString(),
                "--libvirt-xml", xml.toString(), "--libvirt-name", restoredName);
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.err()).contains("libvirt domain XML written to " + xml);
        String written = Files.readString(xml);
        assertThat(written).doesNotContain("<uuid>", "52:54:00:aa:bb:cc", "<backingStore", ".qcow2")
                .contains("<source file=\"" + restored.resolve("vda.img") + "\"/>",
                        "<source file=\"" + restored.resolve("sda.img") + "\"/>", "<name>" + restoredName + "</name>",
                        "<target bus=\"ide\" dev=\"hdc\"/>"); // the empty CD-ROM drive stays

        domains.add(restoredName);
        virsh("define", xml.toString());
        virsh("start", restoredName);
        Path serial = restored.resolve(restoredName + ".serial0.log");
        String heartbeat = awaitLine(serial, "PILOTLIGHT-HEARTBEAT " + disk.marker);
        String defined = virsh("dumpxml", restoredName);
        assertThat(uuid(defined)).isNotEmpty().isNotEqualTo(uuid(original));
        assertThat(mac(defined)).startsWith("52:54:00:").isNotEqualTo("52:54:00:aa:bb:cc");
        assertThat(defined).contains("<target dev='sda' bus='sata'/>", "<driver name='qemu' type='raw'/>");
        System.out.println("restored domain " + restoredName + " booted: " + heartbeat);
    }

    /** A failover of the group from a follower's standby runs QEMU with the saved shape: sda on AHCI. */
    private void failOverFromTheStandby(String repo) throws Exception {
        Path standby = dir.resolve("standby");
        CliRun follow = CliRun.run("follow", "--repo", repo, "--group", "web1", "--to", standby.toString());
        assertThat(follow.exitCode()).as(follow.err()).isZero();
        Path state = dir.resolve("failover");
        try {
            CliRun failover = CliRun.run("failover", "--repo", repo, "--group", "web1", "--standby", standby.toString(),
                    "--state-dir", state.toString(), "--accel", "tcg", "--timeout", "240s");
            assertThat(failover.exitCode()).as(failover.err()).isZero();
            assertThat(failover.err()).contains("failover: the machine as its saved domain had it: 256 MiB, 1 vCPU(s),"
                    + " disks vda on virtio, sda on sata");
            long pid = Long.parseLong(Files.readString(state.resolve("qemu.pid")).strip());
            String commandLine = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            assertThat(commandLine).contains("-m 256M", "ahci,id=ahci0", "virtio-blk-pci,drive=disk0,bootindex=1",
                    "ide-hd,bus=ahci0.0,drive=disk1");
        } finally {
            CliRun.run("failover", "--stop", "--state-dir", state.toString(), "--grace", "5s");
        }
    }

    private void define(String name, DrillDisk disk) throws Exception {
        Path vda = dir.resolve("vda.qcow2");
        QemuFixture.run("qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", disk.image.toString(), vda.toString());
        Path sda = dir.resolve("sda.qcow2");
        QemuFixture.run("qemu-img", "create", "-q", "-f", "qcow2", sda.toString(), Long.toString(16 * MIB));
        Path xml = dir.resolve(name + ".xml");
        Files.writeString(xml, "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>256</memory>"
                + "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>"
                + "<features><acpi/></features><on_reboot>destroy</on_reboot><devices>"
                + "<emulator>/usr/bin/qemu-system-x86_64</emulator>"
                + disk("vda", "virtio", vda) + disk("sda", "sata", sda)
                + "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='hdc' bus='ide'/>"
                + "<readonly/></disk>"
                + "<interface type='user'><mac address='52:54:00:aa:bb:cc'/><model type='virtio'/></interface>"
                + "<serial type='file'><source path='" + dir.resolve("source-serial.log") + "'/><target port='0'/>"
                + "</serial></devices></domain>");
        domains.add(name);
        virsh("define", xml.toString());
        virsh("start", name, "--paused"); // a backup needs a running QEMU, not a booted guest
    }

    private static String disk(String target, String bus, Path image) {
        return "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='" + image
                + "'/><target dev='" + target + "' bus='" + bus + "'/></disk>";
    }

    private static String awaitLine(Path log, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    if (line.contains(expected)) {
                        return line.strip();
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no line '" + expected + "' in " + log + " within 300 s: "
                + (Files.exists(log) ? Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1) : "no log"));
    }

    private static String uuid(String xml) {
        int start = xml.indexOf("<uuid>");
        return start < 0 ? "" : xml.substring(start + 6, xml.indexOf("</uuid>"));
    }

    private static String mac(String xml) {
        int start = xml.indexOf("<mac address='");
        return start < 0 ? "" : xml.substring(start + 14, start + 31);
    }

    private static Libvirtd.Result quietly(String... arguments) {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", Libvirtd.CONNECTION));
        command.addAll(List.of(arguments));
        try {
            return Libvirtd.run(command);
        } catch (java.io.IOException e) {
            return new Libvirtd.Result(-1, e.getMessage());
        }
    }
}
