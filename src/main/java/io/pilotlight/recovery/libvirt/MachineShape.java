package io.pilotlight.recovery.libvirt;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * The shape of the machine a saved domain describes, what a drill or failover boots it with instead of
 * guessing: its memory ({@code <currentMemory>}, else {@code <memory>}), vCPUs ({@code <vcpu
 * current=…>}, else {@code <vcpu>}), whether it boots UEFI firmware, and its disks in device order with
 * their bus and boot order. CD-ROMs and floppies are not disks here.
 */
public record MachineShape(long memoryBytes, int vcpus, boolean uefi, List<Disk> disks) {
    /** Buses a drill or failover can attach a disk to; others are taken as virtio (with a warning). */
    public static final List<String> BUSES = List.of("virtio", "sata", "scsi", "ide");

    private static final Map<String, Long> UNITS = Map.ofEntries(Map.entry("b", 1L), Map.entry("bytes", 1L),
            Map.entry("kb", 1000L), Map.entry("k", 1L << 10), Map.entry("kib", 1L << 10), Map.entry("mb", 1000_000L),
            Map.entry("m", 1L << 20), Map.entry("mib", 1L << 20), Map.entry("gb", 1000_000_000L),
            Map.entry("g", 1L << 30), Map.entry("gib", 1L << 30), Map.entry("tb", 1000_000_000_000L),
            Map.entry("t", 1L << 40), Map.entry("tib", 1L << 40));

    public MachineShape {
        if (memoryBytes < 1 || vcpus < 1) {
            throw new IllegalArgumentException("machine shape: memory " + memoryBytes + " bytes and " + vcpus
                    + " vCPUs must both be positive");
        }
        disks = List.copyOf(requireNonNull(disks, "disks is null"));
    }

    /**
     * One disk: its target ({@code vda}, {@code sda}), bus ({@code virtio}, {@code sata}, …) and boot order
     * ({@code <boot order=N/>}, 0 when it has none).
     */
    public record Disk(String target, String bus, int bootOrder) {
        public Disk {
            requireNonNull(target, "target is null");
            requireNonNull(bus, "bus is null");
        }
    }

    /** The disk whose target is {@code target} (a libvirt group point's member name), if the domain has it. */
    public Optional<Disk> disk(String target) {
        return disks.stream().filter(disk -> disk.target().equals(target)).findFirst();
    }

    static MachineShape of(SavedDomain domain) throws IOException {
        Element root = domain.root();
        Element memory = SavedDomain.child(root, "currentMemory").or(() -> SavedDomain.child(root, "memory"))
                .orElseThrow(() -> new IOException(domain.what() + ": the saved domain XML has no <memory>"));
        long bytes = bytes(domain.what(), memory);
        int vcpus = SavedDomain.child(root, "vcpu").map(vcpu -> vcpu.hasAttribute("current")
                ? vcpu.getAttribute("current") : vcpu.getTextContent()).map(text -> number(domain.what(), "vcpu", text))
                .map(Math::toIntExact).orElse(1);
        boolean uefi = SavedDomain.child(root, "os").map(os -> os.getAttribute("firmware").equals("efi")
                || SavedDomain.child(os, "loader").map(loader -> loader.getAttribute("type").equals("pflash"))
                        .orElse(false)).orElse(false);
        List<Disk> disks = new ArrayList<>();
        for (Element disk : SavedDomain.disks(root)) {
            String device = disk.getAttribute("device");
            if (device.isEmpty() || device.equals("disk") || device.equals("lun")) {
                String bus = SavedDomain.child(disk, "target").map(target -> target.getAttribute("bus")).orElse("");
                int order = SavedDomain.child(disk, "boot").map(boot -> Math.toIntExact(number(domain.what(),
                        "boot order", boot.getAttribute("order")))).orElse(0);
                disks.add(new Disk(SavedDomain.target(disk), bus.isEmpty() ? busOf(SavedDomain.target(disk)) : bus,
                        order));
            }
        }
        return new MachineShape(bytes, vcpus, uefi, disks);
    }

    /** libvirt's default bus for a target name without one: vd* virtio, sd* scsi, hd* ide. */
    private static String busOf(String target) {
        return target.startsWith("sd") ? "scsi" : target.startsWith("hd") ? "ide" : "virtio";
    }

    private static long bytes(String what, Element memory) throws IOException {
        String unit = memory.getAttribute("unit").isEmpty() ? "kib" : memory.getAttribute("unit").toLowerCase(Locale.ROOT);
        Long factor = UNITS.get(unit);
        if (factor == null) {
            throw new IOException(what + ": <" + memory.getTagName() + " unit='" + memory.getAttribute("unit")
                    + "'> is not a unit libvirt knows (" + String.join(", ", UNITS.keySet().stream().sorted().toList())
                    + ")");
        }
        return Math.multiplyExact(number(what, memory.getTagName(), memory.getTextContent()), factor);
    }

    private static long number(String what, String field, String text) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 1) {
                throw new NumberFormatException("not positive");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": the saved domain XML's " + field + " '" + text.strip()
                    + "' is not a positive number");
        }
    }
}
