package io.pilotlight.recovery.drill;

import static java.util.Objects.requireNonNull;

import io.pilotlight.recovery.libvirt.MachineShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One disk of a drill or failover VM: the file or URI QEMU opens, in {@code format}, on {@code bus}
 * ({@code virtio}, {@code sata}, {@code scsi} or {@code ide}) with a boot index ({@code 0}: none), as the
 * machine the point was taken from had it (its saved domain XML's {@link MachineShape}), else on virtio
 * in the group point's order.
 */
public record Drive(String file, String format, String bus, int bootOrder) {
    public Drive {
        requireNonNull(file, "file is null");
        requireNonNull(format, "format is null");
        if (!MachineShape.BUSES.contains(bus)) {
            throw new IllegalArgumentException("disk " + file + ": bus '" + bus + "' is not one a drill or failover"
                    + " attaches (" + String.join(", ", MachineShape.BUSES) + ")");
        }
        if (bootOrder < 0) {
            throw new IllegalArgumentException("disk " + file + ": boot order " + bootOrder + " is negative");
        }
    }

    /** A disk on virtio, booting in order. */
    public static Drive virtio(String file, String format) {
        return new Drive(file, format, "virtio", 0);
    }

    /**
     * The disk {@code member} of the machine {@code shape} describes, on the bus and with the boot order it
     * had there; virtio when the shape lacks it or had it on a bus a VM here cannot attach ({@code warn} says so).
     */
    public static Drive of(String file, String format, String member, Optional<MachineShape> shape,
            java.util.function.Consumer<String> warn) {
        Optional<MachineShape.Disk> disk = shape.flatMap(machine -> machine.disk(member));
        if (disk.isEmpty()) {
            return virtio(file, format);
        }
        if (!MachineShape.BUSES.contains(disk.get().bus())) {
            warn.accept("disk " + member + " was on bus " + disk.get().bus() + ", which this VM cannot attach: on"
                    + " virtio instead");
            return new Drive(file, format, "virtio", disk.get().bootOrder());
        }
        return new Drive(file, format, disk.get().bus(), disk.get().bootOrder());
    }

    /**
     * QEMU's arguments for {@code drives}: {@code -drive …,if=virtio} each when all are on virtio without a
     * boot order (as drills always did); otherwise one controller per bus (AHCI, virtio-SCSI; IDE is the PC
     * machine's own) and a {@code -device} per disk with its {@code bootindex}; without boot orders the first
     * disk boots, as libvirt's {@code <os><boot dev='hd'/>} does (SeaBIOS would try the AHCI and IDE disks before
     * virtio ones).
     */
    public static List<String> arguments(List<Drive> drives) {
        List<String> arguments = new ArrayList<>();
        if (drives.stream().allMatch(drive -> drive.bus().equals("virtio") && drive.bootOrder() == 0)) {
            drives.forEach(drive -> arguments.addAll(List.of("-drive", "file=" + drive.file() + ",format="
                    + drive.format() + ",if=virtio,cache=writeback")));
            return arguments;
        }
        if (drives.stream().anyMatch(drive -> drive.bus().equals("sata"))) {
            arguments.addAll(List.of("-device", "ahci,id=ahci0"));
        }
        if (drives.stream().anyMatch(drive -> drive.bus().equals("scsi"))) {
            arguments.addAll(List.of("-device", "virtio-scsi-pci,id=scsi0"));
        }
        boolean ordered = drives.stream().anyMatch(drive -> drive.bootOrder() > 0);
        int sata = 0;
        int ide = 0;
        for (int i = 0; i < drives.size(); i++) {
            Drive drive = i == 0 && !ordered ? new Drive(drives.get(0).file(), drives.get(0).format(),
                    drives.get(0).bus(), 1) : drives.get(i);
            String device = switch (drive.bus()) {
                case "sata" -> "ide-hd,bus=ahci0." + sata++;
                case "ide" -> "ide-hd,bus=ide." + (ide / 2) + ",unit=" + (ide++ % 2);
                case "scsi" -> "scsi-hd,bus=scsi0.0";
                default -> "virtio-blk-pci";
            };
            arguments.addAll(List.of("-drive", "file=" + drive.file() + ",format=" + drive.format()
                    + ",if=none,id=disk" + i + ",cache=writeback", "-device", device + ",drive=disk" + i
                    + (drive.bootOrder() > 0 ? ",bootindex=" + drive.bootOrder() : "")));
        }
        return arguments;
    }
}
