package io.pilotlight.recovery.failover;

import io.pilotlight.recovery.failover.FailoverOptions.Forward;
import io.pilotlight.recovery.failover.FailoverOptions.Network;
import io.pilotlight.recovery.drill.Drive;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The libvirt domain of a failover: a {@code pc} machine under KVM or QEMU (TCG), the failover's
 * disks on virtio in order (qcow2 overlays with their raw standby as backing store, or NBD exports on
 * unix sockets), one virtio NIC (user networking, with passt port forwards when asked; an unmanaged tap; or a
 * bridge), the serial console into the state directory's {@code serial.log}, ACPI for a clean
 * shutdown. The description lists each disk with its point and size. Checked with
 * {@code virt-xml-validate} in tests.
 */
final class DomainXml {
    /** libvirt's target name prefix per bus. */
    private static final Map<String, String> PREFIXES = Map.of("virtio", "vd", "sata", "sd", "scsi", "sd", "ide",
            "hd");

    private DomainXml() {}

    static String of(FailoverOptions options, List<FailoverState.Disk> disks, Path directory, String accelerator) {
        return of(options, disks, disks.stream().map(disk -> Drive.virtio(disk.name(), "raw")).toList(), directory,
                accelerator);
    }

    /** As above, each disk on its drive's bus with its boot order (then no {@code <os><boot dev>}). */
    static String of(FailoverOptions options, List<FailoverState.Disk> disks, List<Drive> drives, Path directory,
            String accelerator) {
        boolean bootOrders = drives.stream().anyMatch(drive -> drive.bootOrder() > 0);
        StringBuilder xml = new StringBuilder();
        xml.append("<domain type='").append(accelerator.equals("kvm") ? "kvm" : "qemu").append("'>\n");
        xml.append("  <name>").append(escape(DetachedVm.domainName(options))).append("</name>\n");
        xml.append("  <description>").append(escape(description(options, disks))).append("</description>\n");
        xml.append("  <memory unit='KiB'>").append(options.memoryBytes() >> 10).append("</memory>\n");
        xml.append("  <vcpu>").append(options.cpus()).append("</vcpu>\n");
        xml.append("  <os>\n    <type arch='x86_64' machine='pc'>hvm</type>\n");
        options.ovmf().ifPresent(code -> xml.append("    <loader readonly='yes' type='pflash'>").append(escape(
                code.toString())).append("</loader>\n"));
        xml.append(bootOrders ? "" : "    <boot dev='hd'/>\n").append("  </os>\n  <features>\n    <acpi/>\n")
                .append("  </features>\n");
        xml.append("  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n")
                .append("  <on_crash>destroy</on_crash>\n  <devices>\n");
        Map<String, Integer> perBus = new HashMap<>();
        for (int i = 0; i < disks.size(); i++) {
            Drive drive = drives.get(i);
            int index = perBus.merge(PREFIXES.get(drive.bus()), 1, Integer::sum) - 1;
            disk(xml, disks.get(i), drive, PREFIXES.get(drive.bus()) + (char) ('a' + index));
        }
        network(xml, options.network(), DetachedVm.mac(options.target().name()));
        xml.append("    <serial type='file'>\n      <source path='").append(escape(directory.resolve("serial.log")
                .toString())).append("'/>\n      <target port='0'/>\n    </serial>\n");
        xml.append("  </devices>\n</domain>\n");
        return xml.toString();
    }

    private static String description(FailoverOptions options, List<FailoverState.Disk> disks) {
        StringBuilder text = new StringBuilder("pilotlight failover of " + options.target() + ":");
        for (FailoverState.Disk disk : disks) {
            text.append(' ').append(disk.name()).append(" (disk ").append(disk.disk()).append(", point ")
                    .append(disk.point()).append(", ").append(disk.size()).append(" bytes)");
        }
        return text.toString();
    }

    private static void disk(StringBuilder xml, FailoverState.Disk disk, Drive drive, String target) {
        if (disk.instant()) {
            xml.append("    <disk type='network' device='disk'>\n")
                    .append("      <driver name='qemu' type='raw' cache='writeback'/>\n")
                    .append("      <source protocol='nbd' name='").append(escape(disk.disk())).append("'>\n")
                    .append("        <host transport='unix' socket='").append(escape(disk.nbdSocket())).append("'/>\n")
                    .append("      </source>\n");
        } else {
            xml.append("    <disk type='file' device='disk'>\n")
                    .append("      <driver name='qemu' type='qcow2' cache='writeback'/>\n")
                    .append("      <source file='").append(escape(disk.overlay())).append("'/>\n")
                    .append("      <backingStore type='file'>\n        <format type='raw'/>\n")
                    .append("        <source file='").append(escape(disk.standby())).append("'/>\n")
                    .append("        <backingStore/>\n      </backingStore>\n");
        }
        xml.append("      <target dev='").append(target).append("' bus='").append(drive.bus()).append("'/>\n");
        if (drive.bootOrder() > 0) {
            xml.append("      <boot order='").append(drive.bootOrder()).append("'/>\n");
        }
        xml.append("    </disk>\n");
    }

    private static void network(StringBuilder xml, Network network, String mac) {
        if (network instanceof Network.User user) {
            xml.append("    <interface type='user'>\n      <mac address='").append(mac).append("'/>\n");
            if (!user.forwards().isEmpty()) {
                xml.append("      <backend type='passt'/>\n");
                for (Forward forward : user.forwards()) {
                    xml.append("      <portForward proto='tcp'").append(forward.address().isEmpty() ? ""
                            : " address='" + escape(forward.address()) + "'").append(">\n        <range start='")
                            .append(forward.hostPort()).append("' to='").append(forward.guestPort())
                            .append("'/>\n      </portForward>\n");
                }
            }
        } else if (network instanceof Network.Tap tap) {
            xml.append("    <interface type='ethernet'>\n      <mac address='").append(mac).append("'/>\n")
                    .append("      <target dev='").append(escape(tap.device())).append("' managed='no'/>\n");
        } else {
            xml.append("    <interface type='bridge'>\n      <mac address='").append(mac).append("'/>\n")
                    .append("      <source bridge='").append(escape(((Network.Bridge) network).bridge()))
                    .append("'/>\n");
        }
        xml.append("      <model type='virtio'/>\n    </interface>\n");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }
}
