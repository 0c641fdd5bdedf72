package io.pilotlight.recovery.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.recovery.libvirt.MachineShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** QEMU's disk arguments: as drills always had them without a saved shape, on the saved buses with one. */
class DriveTest {
    @Test
    void withoutAShapeEveryDiskIsOnVirtioInOrderAsBefore() {
        assertThat(Drive.arguments(List.of(Drive.virtio("nbd:a", "raw"), Drive.virtio("nbd:b", "raw"))))
                .containsExactly("-drive", "file=nbd:a,format=raw,if=virtio,cache=writeback",
                        "-drive", "file=nbd:b,format=raw,if=virtio,cache=writeback");
    }

    @Test
    void aSavedShapeGivesEachDiskItsBusAndBootOrder() {
        MachineShape shape = new MachineShape(1L << 30, 2, false, List.of(new MachineShape.Disk("vda", "virtio", 2),
                new MachineShape.Disk("sda", "sata", 1), new MachineShape.Disk("sdb", "scsi", 0),
                new MachineShape.Disk("hda", "ide", 0), new MachineShape.Disk("sdc", "usb", 0)));
        List<String> warnings = new ArrayList<>();
        List<Drive> drives = List.of("vda", "sda", "sdb", "hda", "sdc", "vdz").stream().map(name -> Drive.of(
                "f-" + name, "raw", name, Optional.of(shape), warnings::add)).toList();

        assertThat(Drive.arguments(drives)).containsExactly("-device", "ahci,id=ahci0",
                "-device", "virtio-scsi-pci,id=scsi0",
                "-drive", "file=f-vda,format=raw,if=none,id=disk0,cache=writeback",
                "-device", "virtio-blk-pci,drive=disk0,bootindex=2",
                "-drive", "file=f-sda,format=raw,if=none,id=disk1,cache=writeback",
                "-device", "ide-hd,bus=ahci0.0,drive=disk1,bootindex=1",
                "-drive", "file=f-sdb,format=raw,if=none,id=disk2,cache=writeback",
                "-device", "scsi-hd,bus=scsi0.0,drive=disk2",
                "-drive", "file=f-hda,format=raw,if=none,id=disk3,cache=writeback",
                "-device", "ide-hd,bus=ide.0,unit=0,drive=disk3",
                "-drive", "file=f-sdc,format=raw,if=none,id=disk4,cache=writeback",
                "-device", "virtio-blk-pci,drive=disk4",
                "-drive", "file=f-vdz,format=raw,if=none,id=disk5,cache=writeback",
                "-device", "virtio-blk-pci,drive=disk5");
        assertThat(warnings).containsExactly("disk sdc was on bus usb, which this VM cannot attach: on virtio instead");
    }

    @Test
    void withoutBootOrdersTheFirstDiskBootsAsLibvirtWouldHaveIt() {
        assertThat(Drive.arguments(List.of(Drive.virtio("a", "raw"), new Drive("b", "raw", "sata", 0))))
                .containsExactly("-device", "ahci,id=ahci0",
                        "-drive", "file=a,format=raw,if=none,id=disk0,cache=writeback",
                        "-device", "virtio-blk-pci,drive=disk0,bootindex=1",
                        "-drive", "file=b,format=raw,if=none,id=disk1,cache=writeback",
                        "-device", "ide-hd,bus=ahci0.0,drive=disk1");
    }
}
