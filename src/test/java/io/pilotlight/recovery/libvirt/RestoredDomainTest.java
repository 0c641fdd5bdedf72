package io.pilotlight.recovery.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A domain XML as {@code virsh dumpxml --inactive} writes it (two qcow2 disks with a backing chain, a
 * block device shared read-only, a CD-ROM with media, a NIC, a file serial console, UEFI with NVRAM),
 * rewritten for restored images and read as a machine's shape; the result checked against libvirt's
 * schema with {@code virt-xml-validate}.
 */
class RestoredDomainTest {
    static final String SAVED = """
            <domain type='kvm'>
              <name>web1</name>
              <uuid>6f2c7f4e-0d7b-4bde-9a49-5e1f0b7a3c11</uuid>
              <genid>2e0c1b5a-7f3d-4c1e-8a9b-0d1e2f3a4b5c</genid>
              <memory unit='KiB'>4194304</memory>
              <currentMemory unit='KiB'>2097152</currentMemory>
              <vcpu placement='static' current='2'>4</vcpu>
              <os firmware='efi'>
                <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
                <nvram>/var/lib/libvirt/qemu/nvram/web1_VARS.fd</nvram>
              </os>
              <features><acpi/></features>
              <devices>
                <emulator>/usr/bin/qemu-system-x86_64</emulator>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2' discard='unmap'/>
                  <source file='/var/lib/libvirt/images/web1-os.qcow2' index='2'/>
                  <backingStore type='file' index='3'>
                    <format type='qcow2'/>
                    <source file='/var/lib/libvirt/images/base.qcow2'/>
                    <backingStore/>
                  </backingStore>
                  <target dev='vda' bus='virtio'/>
                  <boot order='2'/>
                  <address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>
                </disk>
                <disk type='block' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source dev='/dev/vg0/web1-data'/>
                  <target dev='sda' bus='sata'/>
                  <boot order='1'/>
                </disk>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source file='/srv/shared.img'/>
                  <target dev='vdc' bus='virtio'/>
                  <readonly/>
                </disk>
                <disk type='file' device='cdrom'>
                  <driver name='qemu' type='raw'/>
                  <source file='/srv/iso/debian.iso'/>
                  <target dev='sdb' bus='sata'/>
                  <readonly/>
                </disk>
                <interface type='network'>
                  <mac address='52:54:00:12:34:56'/>
                  <source network='default'/>
                  <model type='virtio'/>
                </interface>
                <serial type='file'>
                  <source path='/var/log/web1-serial.log'/>
                  <target type='isa-serial' port='0'/>
                </serial>
                <console type='file'>
                  <source path='/var/log/web1-serial.log'/>
                  <target type='serial' port='0'/>
                </console>
              </devices>
            </domain>
            """;

    @TempDir
    Path dir;

    private RestoredDomain.Result rewrite(boolean keepMacs) throws IOException {
        return RestoredDomain.rewrite(SavedDomain.parse("group point web1/1", SAVED), new RestoredDomain.Options(
                "web1-restored", "Restored by pilotlight", keepMacs, dir), List.of(
                        new RestoredDomain.Image("vda", dir.resolve("vda.img"), "raw"),
                        new RestoredDomain.Image("sda", dir.resolve("sda.img"), "raw")));
    }

    @Test
    void disksPointAtTheRestoredImagesAndTheCopyCannotCollideWithTheOriginal() throws Exception {
        RestoredDomain.Result result = rewrite(false);
        String xml = result.xml();

        assertThat(xml).contains("<name>web1-restored</name>", "<genid/>", "<vcpu current=\"2\" placement=\"static\">4",
                "<source file=\"" + dir.resolve("vda.img") + "\"/>", "<source file=\"" + dir.resolve("sda.img") + "\"/>",
                "<target bus=\"sata\" dev=\"sda\"/>", "<boot order=\"1\"/>", "<boot order=\"2\"/>",
                "<address bus=\"0x04\"", "<target bus=\"sata\" dev=\"sdb\"/>", "Restored by pilotlight",
                "<source path=\"" + dir.resolve("web1-restored.serial0.log") + "\"/>");
        assertThat(xml).doesNotContain("<uuid>", "6f2c7f4e", "2e0c1b5a", "<backingStore", "base.qcow2", "web1-os.qcow2",
                "/dev/vg0", "shared.img", "debian.iso", "52:54:00:12:34:56", "web1_VARS", "/var/log/web1-serial.log",
                "type=\"qcow2\"", "type=\"block\"");
        assertThat(xml.split("web1-restored.serial0.log", -1)).hasSize(3); // the serial and its console: one file
        assertThat(result.notes()).containsExactly(
                "the UEFI variables file /var/lib/libvirt/qemu/nvram/web1_VARS.fd is the original's: left out, libvirt"
                        + " makes a fresh one from its template",
                "disk vdc is not in the group point (read-only or shareable disks are not backed up): left out",
                "cdrom sdb: its media is the original host's, left out (the drive stays, empty)");
        assertValid(xml);
        assertThat(rewrite(true).xml()).contains("52:54:00:12:34:56");
    }

    @Test
    void theShapeIsTheMemoryVcpusFirmwareAndDisksTheMachineRanWith() throws Exception {
        MachineShape shape = SavedDomain.parse("group point web1/1", SAVED).shape();

        assertThat(shape.memoryBytes()).isEqualTo(2L << 30); // currentMemory, not the 4 GiB maximum
        assertThat(shape.vcpus()).isEqualTo(2);
        assertThat(shape.uefi()).isTrue();
        assertThat(shape.disks()).containsExactly(new MachineShape.Disk("vda", "virtio", 2),
                new MachineShape.Disk("sda", "sata", 1), new MachineShape.Disk("vdc", "virtio", 0));
        MachineShape plain = SavedDomain.parse("p", "<domain type='qemu'><name>x</name><memory unit='MiB'>64</memory>"
                + "<devices><disk type='file'><target dev='sdz'/></disk></devices></domain>").shape();
        assertThat(plain.memoryBytes()).isEqualTo(64L << 20);
        assertThat(plain.vcpus()).isEqualTo(1);
        assertThat(plain.disks()).containsExactly(new MachineShape.Disk("sdz", "scsi", 0));
    }

    @Test
    void aMemberTheSavedDomainLacksAndTextThatIsNotADomainAreRefusedNamingThem() throws Exception {
        SavedDomain saved = SavedDomain.parse("group point web1/1", SAVED);
        assertThatThrownBy(() -> RestoredDomain.rewrite(saved, new RestoredDomain.Options("x", "", false, dir),
                List.of(new RestoredDomain.Image("vdq", dir.resolve("vdq.img"), "raw"))))
                .hasMessage("group point web1/1: the saved domain XML has no disk vdq of the group point (its disks:"
                        + " vda, sda, vdc, sdb)");
        assertThatThrownBy(() -> SavedDomain.parse("group point web1/2", "<network/>"))
                .hasMessage("group point web1/2: the saved domain XML's root is <network>, not <domain>");
        assertThatThrownBy(() -> SavedDomain.parse("group point web1/3", "<!DOCTYPE d [<!ENTITY e SYSTEM"
                + " 'file:///etc/passwd'>]><domain>&e;</domain>")).hasMessageStartingWith("group point web1/3: the"
                        + " saved domain XML is not XML");
        assertThatThrownBy(() -> new RestoredDomain.Options("web 1", "", false, dir))
                .hasMessageContaining("domain name 'web 1' must match");
    }

    private void assertValid(String xml) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/virt-xml-validate")), "virt-xml-validate (libvirt-clients)");
        Path file = dir.resolve("domain.xml");
        Files.writeString(file, xml);
        Process process = new ProcessBuilder("/usr/bin/virt-xml-validate", file.toString(), "domain")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output + "\n" + xml).isZero();
    }
}
