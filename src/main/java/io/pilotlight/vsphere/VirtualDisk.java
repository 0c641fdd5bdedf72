package io.pilotlight.vsphere;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A virtual disk of a VM or of a snapshot's configuration: its device key, its unit label
 * ({@code scsi0:0}: controller kind, bus number, unit number), capacity, and its backing's file name
 * ({@code [datastore1] web1/web1.vmdk}), uuid, CBT change id (absent while change tracking is off) and
 * disk mode ({@code persistent}, {@code independent_persistent}, …).
 */
public record VirtualDisk(int key, String label, long capacityInBytes, String fileName, Optional<String> uuid,
        Optional<String> changeId, Optional<String> diskMode) {
    public VirtualDisk {
        requireNonNull(diskMode, "diskMode is null");
        requireNonNull(label, "label is null");
        requireNonNull(fileName, "fileName is null");
        requireNonNull(uuid, "uuid is null");
        requireNonNull(changeId, "changeId is null");
        if (capacityInBytes < 0) {
            throw new IllegalArgumentException("disk " + label + ": capacity " + capacityInBytes + " is negative");
        }
    }

    /** Whether the disk is independent: a VM snapshot does not freeze it (nor revert it). */
    public boolean independent() {
        return diskMode.map(mode -> mode.startsWith("independent")).orElse(false);
    }

    /** The datastore name in {@link #fileName()}: {@code datastore1} of {@code [datastore1] web1/web1.vmdk}. */
    public String datastore() {
        int close = fileName.indexOf(']');
        if (!fileName.startsWith("[") || close < 0) {
            throw new IllegalArgumentException("disk " + label + ": backing file '" + fileName
                    + "' is not a datastore path '[datastore] folder/file.vmdk'");
        }
        return fileName.substring(1, close);
    }

    /** The path inside the datastore: {@code web1/web1.vmdk}. */
    public String datastorePath() {
        datastore();
        return fileName.substring(fileName.indexOf(']') + 1).strip();
    }

    /**
     * The disks in the value of {@code config.hardware.device} (an {@code ArrayOfVirtualDevice}), in
     * device order, labelled by their controllers.
     */
    public static List<VirtualDisk> fromDevices(XmlElement devices) {
        Map<Integer, String> controllers = new HashMap<>();
        for (XmlElement device : devices.children()) {
            controllerPrefix(device.type()).ifPresent(prefix -> controllers.put(
                    Integer.parseInt(device.requiredText("key")), prefix + device.childText("busNumber").orElse("0")));
        }
        List<VirtualDisk> disks = new ArrayList<>();
        for (XmlElement device : devices.children()) {
            if (device.type().equals("VirtualDisk")) {
                disks.add(fromDevice(device, controllers));
            }
        }
        return List.copyOf(disks);
    }

    private static VirtualDisk fromDevice(XmlElement device, Map<Integer, String> controllers) {
        int key = Integer.parseInt(device.requiredText("key"));
        String controller = device.childText("controllerKey").map(Integer::parseInt).map(controllers::get)
                .orElse("disk" + key);
        String label = controller + ":" + device.childText("unitNumber").orElse("0");
        long capacity = device.childText("capacityInBytes").map(Long::parseLong)
                .orElseGet(() -> Long.parseLong(device.requiredText("capacityInKB")) * 1024);
        XmlElement backing = device.child("backing").orElseThrow(() -> new IllegalArgumentException(
                "vSphere answer: virtual disk " + label + " has no backing"));
        String fileName = backing.childText("fileName").orElseThrow(() -> new IllegalArgumentException(
                "vSphere answer: virtual disk " + label + " has a " + backing.type() + " backing without a file"));
        return new VirtualDisk(key, label, capacity, fileName, backing.childText("uuid").filter(s -> !s.isEmpty()),
                backing.childText("changeId").filter(s -> !s.isEmpty()),
                backing.childText("diskMode").filter(s -> !s.isEmpty()));
    }

    /** {@code scsi}, {@code ide}, {@code sata} or {@code nvme} for a controller type, empty for other devices. */
    static Optional<String> controllerPrefix(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        if (!lower.endsWith("controller")) {
            return Optional.empty();
        }
        if (lower.contains("scsi") || lower.contains("lsilogic") || lower.contains("buslogic")) {
            return Optional.of("scsi");
        }
        if (lower.contains("ide")) {
            return Optional.of("ide");
        }
        if (lower.contains("sata") || lower.contains("ahci")) {
            return Optional.of("sata");
        }
        if (lower.contains("nvme")) {
            return Optional.of("nvme");
        }
        return Optional.empty();
    }
}
